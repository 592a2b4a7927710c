package io.keepwatch.config.model;

import java.util.Objects;

/**
 * A value that must never appear in logs or dumps (the VRRPv2 authentication password).
 * {@link #toString()} masks it; {@link #reveal()} is for the code that puts it on the wire.
 */
public final class Secret {
    /** What every dump prints in place of a secret. */
    public static final String MASK = "********";

    private final String value;

    public Secret(String value) {
        this.value = Objects.requireNonNull(value, "value");
    }

    public String reveal() {
        return value;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Secret s && s.value.equals(value);
    }

    @Override
    public int hashCode() {
        return value.hashCode();
    }

    @Override
    public String toString() {
        return MASK;
    }
}
