package io.keepwatch.plugins;

/** Monotonic time and waiting on it, so tests can run schedules on time they control. */
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
                Thread.sleep(java.time.Duration.ofNanos(left));
            }
        }
    }
}
