package io.keepwatch.runtime.net;

import io.keepwatch.vrrp.codec.Endpoints;
import io.keepwatch.vrrp.codec.HmacSequence;
import io.keepwatch.vrrp.codec.HmacSettings;
import io.keepwatch.vrrp.codec.HmacTrailer;
import java.nio.ByteBuffer;
import java.time.Instant;

/**
 * Signs an instance's adverts with its {@code auth_hmac} trailer: one sequence per advert, from the
 * realtime clock (keepalived 2.4.3's), shared by the copies sent to each unicast peer. One per
 * virtual router (interface and VRID), kept across reloads so that a reload never moves the
 * sequence back. The VRRP thread sends; it alone uses it.
 */
final class HmacSigner {
    private final HmacSequence sequence = new HmacSequence();

    /** The sequence of the next advert, read from the clock now. */
    long next(HmacSettings settings) {
        Instant now = Instant.now();
        return sequence.next(HmacSequence.ofClock(now.getEpochSecond(), now.getNano()), settings.timeBound(),
                settings.timeWindowSeconds());
    }

    /**
     * Signs {@code packet}, encoded with room for the trailer: a whole IPv4 datagram (header without
     * options) or an IPv6 VRRP packet.
     */
    static void sign(byte[] packet, Endpoints to, HmacSettings settings, long sequence) {
        int h = to.family() == io.keepwatch.vrrp.AddressFamily.IPV4 ? 20 : 0;
        HmacTrailer.sign(ByteBuffer.wrap(packet), h, packet.length - h - HmacTrailer.LENGTH, settings.signingKey(),
                sequence, to);
    }
}
