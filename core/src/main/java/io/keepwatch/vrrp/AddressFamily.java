package io.keepwatch.vrrp;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;

/**
 * The address family of an instance; VRRPv3 runs one instance per family and all addresses of one
 * advert share it (RFC 5798 section 5.2.9).
 */
public enum AddressFamily {
    IPV4(4),
    IPV6(16);

    private final int addressLength;

    AddressFamily(int addressLength) {
        this.addressLength = addressLength;
    }

    /** Octets of one address of this family in an advert. */
    public int addressLength() {
        return addressLength;
    }

    /** The family of a literal address. */
    public static AddressFamily of(InetAddress address) {
        return switch (address) {
            case Inet4Address ignored -> IPV4;
            case Inet6Address ignored -> IPV6;
            default -> throw new IllegalArgumentException("unsupported address type: " + address);
        };
    }

    /** "IPv4" or "IPv6", as messages name the family. */
    public String label() {
        return this == IPV4 ? "IPv4" : "IPv6";
    }
}
