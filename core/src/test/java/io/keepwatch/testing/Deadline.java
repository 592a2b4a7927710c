package io.keepwatch.testing;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/** A point in monotonic time that tests wait towards: conditions are polled with a deadline, never slept on. */
public final class Deadline {

    private static final long PAUSE_NANOS = Duration.ofMillis(10).toNanos();

    private final long deadlineNanos;

    private Deadline(long deadlineNanos) {
        this.deadlineNanos = deadlineNanos;
    }

    public static Deadline after(Duration timeout) {
        return new Deadline(System.nanoTime() + timeout.toNanos());
    }

    public boolean passed() {
        return System.nanoTime() - deadlineNanos >= 0;
    }

    /** A short pause between two looks at a condition. */
    public void pause() throws InterruptedException {
        Thread.sleep(Duration.ofNanos(PAUSE_NANOS));
    }

    /** Waits until {@code condition} holds; throws {@link AssertionError} with {@code what} if it does not in time. */
    public static void await(String what, Duration timeout, BooleanSupplier condition) throws InterruptedException {
        Deadline deadline = after(timeout);
        while (!condition.getAsBoolean()) {
            if (deadline.passed()) {
                throw new AssertionError("timed out after " + timeout + " waiting for " + what);
            }
            deadline.pause();
        }
    }
}
