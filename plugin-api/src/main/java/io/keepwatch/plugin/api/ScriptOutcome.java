package io.keepwatch.plugin.api;

import java.util.Objects;

/**
 * How one run of a {@link Script} ended.
 *
 * @param exitStatus the exit status; 128 + N when signal N ended it; -1 when it timed out
 * @param timedOut whether it overstayed its timeout and was killed
 * @param description a short human summary, e.g. {@code "exited with status 1"}
 */
public record ScriptOutcome(int exitStatus, boolean timedOut, String description) {

    public ScriptOutcome {
        Objects.requireNonNull(description, "description");
    }

    /** Whether the script succeeded: exit status 0 within its timeout. */
    public boolean success() {
        return !timedOut && exitStatus == 0;
    }
}
