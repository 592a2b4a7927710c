package io.keepwatch.config.diagnostic;

import io.keepwatch.plugin.api.SourcePosition;
import java.util.Objects;

/**
 * One finding about a configuration, tied to the line it concerns.
 *
 * @param severity whether the configuration can still be used
 * @param position where the finding is (file and line; the column is informative)
 * @param message what is wrong, for a person, without the position prefix
 */
public record Diagnostic(Severity severity, SourcePosition position, String message) {

    public Diagnostic {
        Objects.requireNonNull(severity, "severity");
        Objects.requireNonNull(position, "position");
        Objects.requireNonNull(message, "message");
    }

    public boolean isError() {
        return severity == Severity.ERROR;
    }

    /** {@code file:line: message}, with {@code warning: } before the message of a warning. */
    @Override
    public String toString() {
        return position + ": " + (severity == Severity.WARNING ? "warning: " : "") + message;
    }
}
