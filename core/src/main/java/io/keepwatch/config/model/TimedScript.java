package io.keepwatch.config.model;

import java.time.Duration;
import java.util.Objects;

/**
 * {@code startup_script} or {@code shutdown_script} with its {@code _timeout}: the time it may run
 * before its process group is killed (keepalived's default 10 s, 1..1000 s).
 */
public record TimedScript(NotifyScript script, Duration timeout) {
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);

    public TimedScript {
        Objects.requireNonNull(script, "script");
        Objects.requireNonNull(timeout, "timeout");
    }
}
