package io.keepwatch.plugin.api;

import java.util.Objects;

/**
 * A plugin-owned configuration block could not be bound: an unknown keyword, a missing or
 * malformed value. Its message is {@code file:line: message}, like every configuration error.
 */
public class PluginConfigException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final transient SourcePosition position;
    private final String detail;

    /**
     * @param position where the offending token stands
     * @param detail what is wrong, without the position prefix
     */
    public PluginConfigException(SourcePosition position, String detail) {
        super(Objects.requireNonNull(position, "position") + ": " + detail);
        this.position = position;
        this.detail = detail;
    }

    /** Where the offending token stands. */
    public SourcePosition position() {
        return position;
    }

    /** The message without its {@code file:line: } prefix. */
    public String detail() {
        return detail;
    }
}
