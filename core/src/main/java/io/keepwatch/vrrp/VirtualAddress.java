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

    // equals and hashCode are written out rather than generated: a record's generated ones spin
    // method-handle classes on first call, and the first equals runs when a backup takes over and
    // looks up the address it adds (the failover fast path, see package io.keepwatch.runtime).

    @Override
    public boolean equals(Object other) {
        return other instanceof VirtualAddress that
                && prefixLength == that.prefixLength && address.equals(that.address);
    }

    @Override
    public int hashCode() {
        return 31 * address.hashCode() + prefixLength;
    }

    @Override
    public String toString() {
        return address.getHostAddress() + "/" + prefixLength;
    }
}
