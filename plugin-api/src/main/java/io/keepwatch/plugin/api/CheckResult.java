package io.keepwatch.plugin.api;

import java.util.Objects;

/**
 * The outcome of one run of a {@link HealthCheck}: up or down, and a short human message saying why
 * (it is logged and shown in status output when the tracker changes state).
 *
 * @param up whether the checked service is healthy
 * @param message why, e.g. {@code "HTTP 503 from http://127.0.0.1:8080/health"}
 */
public record CheckResult(boolean up, String message) {

    public CheckResult {
        Objects.requireNonNull(message, "message");
    }

    /** A healthy result. */
    public static CheckResult up(String message) {
        return new CheckResult(true, message);
    }

    /** An unhealthy result. */
    public static CheckResult down(String message) {
        return new CheckResult(false, message);
    }
}
