package io.keepwatch.config.model;

/** VRRP protocol version: 2 is RFC 3768 (IPv4 only, whole-second adverts), 3 is RFC 9568. */
public enum VrrpVersion {
    V2(2), V3(3);

    private final int number;

    VrrpVersion(int number) {
        this.number = number;
    }

    /** The version as written in the configuration and in the VRRP header. */
    public int number() {
        return number;
    }
}
