package io.keepwatch.runtime.net;

import io.keepwatch.vrrp.codec.DecodeResult;

/**
 * Where an instance's received adverts go, from the reader thread. An implementation hands an
 * accepted advert to the VRRP thread and counts a rejected one; it must not block.
 */
public interface AdvertSink {

    /**
     * A valid advert for the instance.
     *
     * @param receivedNanos when the kernel received it, on {@link System#nanoTime()}'s scale
     */
    void accepted(DecodeResult.Accepted advert, long receivedNanos);

    void rejected(DecodeResult.Rejected rejection);
}
