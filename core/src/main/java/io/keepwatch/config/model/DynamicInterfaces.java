package io.keepwatch.config.model;

/**
 * {@code dynamic_interfaces} of {@code global_defs}: whether an instance may name an interface that
 * does not exist yet. With it, keepalived 2.2.7 keeps such an instance in FAULT until the interface
 * is created; without it, it refuses the configuration. {@code allow_if_changes} also lets an
 * interface keepalived did not create change its type or underlying interface (a macvlan moved to
 * another base), which keepalived otherwise ignores.
 */
public enum DynamicInterfaces {
    /** No {@code dynamic_interfaces}: every interface the file names must exist at start. */
    OFF,
    /** {@code dynamic_interfaces}. */
    ON,
    /** {@code dynamic_interfaces allow_if_changes}. */
    ALLOW_IF_CHANGES;

    /** Whether an instance may name an interface that does not exist yet. */
    public boolean allowsMissing() {
        return this != OFF;
    }
}
