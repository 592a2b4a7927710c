package io.keepwatch.vrrp.codec;

/** The VRRP protocol version, the high nibble of the first octet of every advert. */
public enum VrrpVersion {
    /** RFC 3768: IPv4 only, advert interval in seconds, 8-octet authentication field. */
    V2(2),
    /** RFC 5798 / RFC 9568: IPv4 and IPv6, 12-bit advert interval in centiseconds. */
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
