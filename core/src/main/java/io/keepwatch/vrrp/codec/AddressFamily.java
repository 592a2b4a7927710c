package io.keepwatch.vrrp.codec;

import java.net.Inet4Address;
import java.net.InetAddress;

/** The IP family of a VRRP instance; all addresses of one advert share it (RFC 5798 5.2.9). */
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

    /** The family of {@code address}. */
    public static AddressFamily of(InetAddress address) {
        return address instanceof Inet4Address ? IPV4 : IPV6;
    }
}
