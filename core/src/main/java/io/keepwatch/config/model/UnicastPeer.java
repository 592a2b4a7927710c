package io.keepwatch.config.model;

import java.net.InetAddress;
import java.util.Objects;

/**
 * One {@code unicast_peer} line: {@code ADDRESS [min_ttl N] [max_ttl N]}. An advert from this peer
 * whose received TTL (IPv4) or hop limit (IPv6) lies outside {@code minTtl..maxTtl} is dropped, as
 * keepalived drops it; the defaults, 0 and 255, accept every advert.
 *
 * @param address the peer's address (a {@code /prefix} or {@code -range} written after it is dropped)
 * @param minTtl  {@code min_ttl}, 0..255
 * @param maxTtl  {@code max_ttl}, 0..255 (when below {@code minTtl}, every advert from the peer is dropped)
 */
public record UnicastPeer(InetAddress address, int minTtl, int maxTtl) {
    public static final int DEFAULT_MIN_TTL = 0;
    public static final int DEFAULT_MAX_TTL = 255;

    public UnicastPeer {
        Objects.requireNonNull(address, "address");
        if (minTtl < 0 || minTtl > 255 || maxTtl < 0 || maxTtl > 255) {
            throw new IllegalArgumentException("min_ttl and max_ttl must be 0..255, got " + minTtl + " and " + maxTtl);
        }
    }

    /** A peer without TTL limits. */
    public static UnicastPeer of(InetAddress address) {
        return new UnicastPeer(address, DEFAULT_MIN_TTL, DEFAULT_MAX_TTL);
    }

    /** Whether {@code min_ttl} or {@code max_ttl} narrows what is accepted. */
    public boolean limitsTtl() {
        return minTtl != DEFAULT_MIN_TTL || maxTtl != DEFAULT_MAX_TTL;
    }
}
