package io.keepwatch.vrrp;

import java.net.InetAddress;
import java.util.Objects;

/**
 * A virtual address of an instance as the engine sees it: an IP literal and its prefix length. The
 * engine never interprets it beyond passing it back in {@link VrrpAction}s; the runtime keeps any
 * further detail (device, label, scope) keyed by this value.
 *
 * @param address      the literal address (never resolved)
 * @param prefixLength 0..32 for IPv4, 0..128 for IPv6
 */
public record VirtualAddress(InetAddress address, int prefixLength) {

    public VirtualAddress {
        Objects.requireNonNull(address, "address");
        int max = AddressFamily.of(address) == AddressFamily.IPV4 ? 32 : 128;
        if (prefixLength < 0 || prefixLength > max) {
            throw new IllegalArgumentException(
                    "prefix length " + prefixLength + " out of range 0.." + max + " for " + address.getHostAddress());
        }
    }

    /** The family of {@link #address()}. */
    public AddressFamily family() {
        return AddressFamily.of(address);
    }

    @Override
    public String toString() {
        return address.getHostAddress() + "/" + prefixLength;
    }
}
