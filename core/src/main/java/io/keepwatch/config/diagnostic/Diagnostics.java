package io.keepwatch.config.diagnostic;

import io.keepwatch.plugin.api.SourcePosition;
import java.util.ArrayList;
import java.util.List;

/** Collects every finding of one load, so a run reports all of them rather than the first. */
public final class Diagnostics {
    private final List<Diagnostic> found = new ArrayList<>();

    public void error(SourcePosition at, String message) {
        found.add(new Diagnostic(Severity.ERROR, at, message));
    }

    public void warning(SourcePosition at, String message) {
        found.add(new Diagnostic(Severity.WARNING, at, message));
    }

    public boolean hasErrors() {
        return found.stream().anyMatch(Diagnostic::isError);
    }

    /** The findings so far, in the order they were made. */
    public List<Diagnostic> all() {
        return List.copyOf(found);
    }
}
