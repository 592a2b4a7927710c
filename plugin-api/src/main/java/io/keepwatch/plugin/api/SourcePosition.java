package io.keepwatch.plugin.api;

import java.util.Objects;

/**
 * Where a token stands in the configuration: the file as it was named (after include resolution),
 * the 1-based line and the 1-based column.
 */
public record SourcePosition(String file, int line, int column) {

    public SourcePosition {
        Objects.requireNonNull(file, "file");
    }

    /** {@code file:line}, the prefix of every configuration message. */
    @Override
    public String toString() {
        return file + ":" + line;
    }
}
