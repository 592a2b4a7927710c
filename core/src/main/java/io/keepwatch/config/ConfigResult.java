package io.keepwatch.config;

import io.keepwatch.config.diagnostic.Diagnostic;
import io.keepwatch.config.model.KeepalivedConfig;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What loading a configuration gave.
 *
 * @param config the model; present exactly when there is no error
 * @param diagnostics every error and warning, in the order they were found
 * @param fatal whether the configuration could not be read at all (missing or unreadable file)
 */
public record ConfigResult(Optional<KeepalivedConfig> config, List<Diagnostic> diagnostics, boolean fatal) {
    public ConfigResult {
        Objects.requireNonNull(config, "config");
        diagnostics = List.copyOf(diagnostics);
    }

    public List<Diagnostic> errors() {
        return diagnostics.stream().filter(Diagnostic::isError).toList();
    }

    public List<Diagnostic> warnings() {
        return diagnostics.stream().filter(d -> !d.isError()).toList();
    }
}
