package io.keepwatch.config.model;

import java.net.Inet4Address;
import java.net.InetAddress;

/** The address family of an instance: all its virtual addresses are of this family. */
public enum IpFamily {
    IPV4, IPV6;

    public static IpFamily of(InetAddress address) {
        return address instanceof Inet4Address ? IPV4 : IPV6;
    }

    /** "IPv4" or "IPv6", as messages name them. */
    public String label() {
        return this == IPV4 ? "IPv4" : "IPv6";
    }
}
