package io.keepwatch.runtime.net;

import io.keepwatch.vrrp.codec.DecodeResult;

/**
 * Where an instance's received adverts go, from the reader thread. An implementation hands an
 * accepted advert to the VRRP thread and counts a rejected one; it must not block.
 */
public interface AdvertSink {

    void accepted(DecodeResult.Accepted advert);

    void rejected(DecodeResult.Rejected rejection);
}
