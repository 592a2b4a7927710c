package io.keepwatch.linux;

import java.util.Arrays;
import java.util.HexFormat;

/**
 * A link-layer (hardware) address as the kernel reports it, of any length: 6 bytes for Ethernet,
 * 20 for InfiniBand, none for some tunnels. Printed as {@code aa:bb:cc:dd:ee:ff}. The codec's
 * {@link io.keepwatch.vrrp.codec.MacAddress} is the 48-bit Ethernet address that frames carry.
 */
public record HardwareAddress(byte[] bytes) {
    public HardwareAddress {
        bytes = bytes.clone();
    }

    /** Parses {@code aa:bb:cc:dd:ee:ff}. */
    public static HardwareAddress parse(String text) {
        return new HardwareAddress(HexFormat.ofDelimiter(":").parseHex(text.trim()));
    }

    @Override
    public byte[] bytes() {
        return bytes.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof HardwareAddress m && Arrays.equals(bytes, m.bytes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes);
    }

    @Override
    public String toString() {
        return HexFormat.ofDelimiter(":").formatHex(bytes);
    }
}
