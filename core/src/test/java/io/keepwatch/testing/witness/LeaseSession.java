package io.keepwatch.testing.witness;

import io.keepwatch.plugin.api.WitnessException;
import io.keepwatch.plugin.api.WitnessSession;
import java.time.Duration;

/**
 * A session on one lease of a test store: its holder, its lease, and its validity counted from the
 * moment each renewal was sent, as the SPI asks (so that it errs early). The store's calls are the
 * subclass's.
 */
abstract class LeaseSession implements WitnessSession {

    private final String holder;
    protected final long lease;
    private final Duration ttl;
    private volatile long validUntil;

    LeaseSession(String holder, long lease, Duration ttl, long sentNanos) {
        this.holder = holder;
        this.lease = lease;
        this.ttl = ttl;
        this.validUntil = sentNanos + ttl.toNanos();
    }

    @Override
    public final String holder() {
        return holder;
    }

    @Override
    public final long validUntilNanos() {
        return validUntil;
    }

    @Override
    public final long keepAlive() throws WitnessException {
        long sent = System.nanoTime();
        renew();
        validUntil = sent + ttl.toNanos();
        return validUntil;
    }

    /** Renews the lease in the store; {@link WitnessException.Kind#LOST} when it is gone. */
    protected abstract void renew() throws WitnessException;
}
