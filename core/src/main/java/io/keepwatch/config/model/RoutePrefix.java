package io.keepwatch.config.model;

import io.keepwatch.vrrp.AddressFamily;
import java.net.InetAddress;
import java.util.Objects;

/**
 * An address with a prefix length, as route and rule lines write destinations and selectors
 * ({@code 192.168.109.0/24}, {@code default}).
 */
public record RoutePrefix(InetAddress address, int length) {
    public RoutePrefix {
        Objects.requireNonNull(address, "address");
        int max = address.getAddress().length * 8;
        if (length < 0 || length > max) {
            throw new IllegalArgumentException("prefix length " + length + " out of 0.." + max);
        }
    }

    public AddressFamily family() {
        return AddressFamily.of(address);
    }

    @Override
    public String toString() {
        return AddressText.of(address) + "/" + length;
    }
}
