package io.keepwatch.vrrp;

/**
 * The protocol version of an instance, and the high nibble of the first octet of every advert:
 * VRRPv2 (RFC 3768: IPv4 only, advert interval in seconds, 8-octet authentication field) or VRRPv3
 * (RFC 5798 / RFC 9568: IPv4 and IPv6, 12-bit advert interval in centiseconds).
 */
public enum VrrpVersion {
    V2(2),
    V3(3);

    private final int number;

    VrrpVersion(int number) {
        this.number = number;
    }

    /** The value carried in the Version field. */
    public int number() {
        return number;
    }
}
