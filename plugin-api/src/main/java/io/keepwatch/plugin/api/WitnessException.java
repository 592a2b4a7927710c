package io.keepwatch.plugin.api;

import java.util.Objects;

/** A witness store could not do what was asked; {@link #kind()} says whether retrying can help. */
public class WitnessException extends Exception {

    private static final long serialVersionUID = 1L;

    /** Why the call failed. */
    public enum Kind {
        /** The store could not be reached or did not answer in time; the state there is unknown. */
        UNREACHABLE,
        /** The store answered that the session is gone (expired or revoked): its holds are lost. */
        LOST
    }

    private final Kind kind;

    public WitnessException(Kind kind, String message) {
        super(message);
        this.kind = Objects.requireNonNull(kind, "kind");
    }

    public WitnessException(Kind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = Objects.requireNonNull(kind, "kind");
    }

    public Kind kind() {
        return kind;
    }
}
