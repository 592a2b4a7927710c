package io.keepwatch.linux;

import java.util.Arrays;
import java.util.HexFormat;

/** A link-layer (hardware) address, usually 6 bytes; printed as {@code aa:bb:cc:dd:ee:ff}. */
public record MacAddress(byte[] bytes) {
    public MacAddress {
        bytes = bytes.clone();
    }

    /** Parses {@code aa:bb:cc:dd:ee:ff}. */
    public static MacAddress parse(String text) {
        return new MacAddress(HexFormat.ofDelimiter(":").parseHex(text.trim()));
    }

    @Override
    public byte[] bytes() {
        return bytes.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof MacAddress m && Arrays.equals(bytes, m.bytes);
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
