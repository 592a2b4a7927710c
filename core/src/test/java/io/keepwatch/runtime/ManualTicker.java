package io.keepwatch.runtime;

import io.keepwatch.plugins.Ticker;
import java.util.concurrent.atomic.AtomicLong;

/** A clock that moves only when a test sets it; the VRRP loop only reads the time, never sleeps on it. */
final class ManualTicker implements Ticker {

    private final AtomicLong now;

    ManualTicker(long startNanos) {
        this.now = new AtomicLong(startNanos);
    }

    void set(long nanos) {
        now.set(nanos);
    }

    long get() {
        return now.get();
    }

    @Override
    public long nanoTime() {
        return now.get();
    }

    @Override
    public void sleepUntil(long deadlineNanos) {
        throw new UnsupportedOperationException("the VRRP loop only reads the time");
    }
}
