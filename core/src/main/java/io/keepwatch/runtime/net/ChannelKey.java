package io.keepwatch.runtime.net;

import io.keepwatch.vrrp.AddressFamily;

/** One raw VRRP socket per interface and family; instances on it are told apart by VRID. */
record ChannelKey(String interfaceName, AddressFamily family) {

    @Override
    public String toString() {
        return interfaceName + "/" + (family == AddressFamily.IPV4 ? "IPv4" : "IPv6");
    }
}
