package io.keepwatch.plugin.api;

import java.time.Duration;

/**
 * How often and how patiently a failed notification is tried again: attempt {@code n} (from 2) waits
 * {@code initialBackoff * multiplier^(n-2)}, capped at {@code maxBackoff}.
 *
 * @param maxAttempts attempts in all, at least 1 (1 means no retry)
 * @param initialBackoff wait before the first retry
 * @param multiplier growth of the wait per retry, at least 1
 * @param maxBackoff longest wait between two attempts
 */
public record RetryPolicy(int maxAttempts, Duration initialBackoff, double multiplier, Duration maxBackoff) {

    /** Three attempts, 1 s then 2 s apart. */
    public static final RetryPolicy DEFAULT = new RetryPolicy(3, Duration.ofSeconds(1), 2.0, Duration.ofSeconds(30));

    /** A single attempt. */
    public static final RetryPolicy NONE = new RetryPolicy(1, Duration.ZERO, 1.0, Duration.ZERO);

    public RetryPolicy {
        if (maxAttempts < 1 || initialBackoff.isNegative() || maxBackoff.isNegative() || !(multiplier >= 1.0)) {
            throw new IllegalArgumentException("invalid retry policy: " + maxAttempts + " attempts, backoff "
                    + initialBackoff + " x" + multiplier + " max " + maxBackoff);
        }
    }

    /** The wait before attempt number {@code attempt} (2 for the first retry). */
    public Duration backoffBefore(int attempt) {
        if (attempt < 2) {
            return Duration.ZERO;
        }
        double millis = initialBackoff.toMillis() * Math.pow(multiplier, attempt - 2);
        return Duration.ofMillis((long) Math.min(millis, maxBackoff.toMillis()));
    }
}
