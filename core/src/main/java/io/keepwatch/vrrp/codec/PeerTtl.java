package io.keepwatch.vrrp.codec;

import java.net.InetAddress;
import java.util.Objects;

/**
 * The TTL / hop limit range a unicast peer's adverts must arrive with (keepalived's
 * {@code unicast_peer { ADDRESS min_ttl N max_ttl N }}); adverts outside it are dropped.
 *
 * @param peer the peer's address
 * @param min  lowest accepted value, 0..255
 * @param max  highest accepted value, 0..255
 */
public record PeerTtl(InetAddress peer, int min, int max) {
    public PeerTtl {
        Objects.requireNonNull(peer, "peer");
        if (min < 0 || min > 255 || max < 0 || max > 255) {
            throw new IllegalArgumentException("TTL range must lie in 0..255, got " + min + ".." + max);
        }
    }

    boolean accepts(int ttl) {
        return ttl >= min && ttl <= max;
    }
}
