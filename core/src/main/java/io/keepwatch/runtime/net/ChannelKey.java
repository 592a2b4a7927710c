package io.keepwatch.runtime.net;

import io.keepwatch.vrrp.AddressFamily;
import io.keepwatch.vrrp.codec.AuthType;

/**
 * One raw VRRP socket per interface, family and IP protocol (VRRP, or IPsec AH for
 * {@code auth_type AH}, which a VRRP socket never sees); instances on it are told apart by VRID.
 */
record ChannelKey(String interfaceName, AddressFamily family, boolean ipsecAh) {

    ChannelKey(String interfaceName, AddressFamily family) {
        this(interfaceName, family, false);
    }

    static ChannelKey of(InstanceWiring wiring) {
        return new ChannelKey(wiring.interfaceName(), wiring.family(),
                wiring.advert().authentication().type() == AuthType.AH);
    }

    // equals and hashCode written out: a record's generated ones are made at their first call, and the
    // first instance's channel is looked up before its first advert (the start-up rule, io.keepwatch.runtime)
    @Override
    public boolean equals(Object other) {
        return other instanceof ChannelKey that && ipsecAh == that.ipsecAh && family == that.family
                && interfaceName.equals(that.interfaceName);
    }

    @Override
    public int hashCode() {
        return (interfaceName.hashCode() * 31 + family.ordinal()) * 2 + (ipsecAh ? 1 : 0);
    }

    @Override
    public String toString() {
        return interfaceName + "/" + (family == AddressFamily.IPV4 ? "IPv4" : "IPv6") + (ipsecAh ? "/AH" : "");
    }
}
