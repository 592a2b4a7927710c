package io.keepwatch.plugins;

import java.time.Duration;

/**
 * Monotonic time and waiting on it: the daemon's one clock. The VRRP loop reads it and hands the time
 * to the engine with every event (the engine never reads a clock); check schedules wait on it. Tests
 * pass their own to run schedules on time they control.
 */
public interface Ticker {

    /** Monotonic nanoseconds, as {@link System#nanoTime()}. */
    long nanoTime();

    /** Blocks until {@link #nanoTime()} reaches {@code deadlineNanos}. */
    void sleepUntil(long deadlineNanos) throws InterruptedException;

    /** The system's monotonic clock. */
    static Ticker system() {
        return SystemTicker.INSTANCE;
    }

    /** {@link System#nanoTime()} with {@link Thread#sleep}. */
    enum SystemTicker implements Ticker {
        /** The only instance. */
        INSTANCE;

        @Override
        public long nanoTime() {
            return System.nanoTime();
        }

        @Override
        public void sleepUntil(long deadlineNanos) throws InterruptedException {
            long left;
            while ((left = deadlineNanos - System.nanoTime()) > 0) {
                Thread.sleep(Duration.ofNanos(left));
            }
        }
    }
}
