package io.keepwatch.config.diagnostic;

/** How bad a configuration finding is: an {@link #ERROR} keeps the configuration from being used. */
public enum Severity {
    /** Read past and fixed, as keepalived does (the message says what was assumed). */
    WARNING,
    /** The configuration cannot be used as written. */
    ERROR
}
