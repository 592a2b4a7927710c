package io.keepwatch.runtime;

import io.keepwatch.config.diagnostic.Diagnostic;
import io.keepwatch.config.diagnostic.Severity;
import io.keepwatch.config.model.KeepalivedConfig;
import io.keepwatch.plugins.PluginHost;
import io.keepwatch.runtime.witness.WitnessRules;
import java.util.List;

/**
 * The configuration's plugin-owned blocks ({@code vrrp_check}, {@code vrrp_notifier}, {@code vrrp_witness}) checked by the
 * plugins that own them, the same way for {@code check-config}, a start and a reload: an unknown type,
 * a keyword the plugin does not know, a missing or malformed value is an error at its {@code file:line},
 * and the configuration is not used.
 */
public final class PluginBlocks {

    private PluginBlocks() {}

    /** Whether the configuration has blocks that only plugins can check. */
    public static boolean present(KeepalivedConfig config) {
        return !config.checks().isEmpty() || !config.notifiers().isEmpty() || !config.witnesses().isEmpty();
    }

    /**
     * Whether a running daemon with this configuration starts its plugins: for its plugin blocks, or
     * for what may enable a notifier without one ({@link PluginHost#neededWithoutBlocks}).
     */
    public static boolean needed(PluginHost plugins, KeepalivedConfig config) {
        return present(config) || plugins.neededWithoutBlocks(PluginSettings.globals(config));
    }

    /** Every plugin block's error; each block is bound by its plugin and closed again, nothing runs. */
    public static List<Diagnostic> check(PluginHost plugins, KeepalivedConfig config) {
        return plugins.check(config.checks(), config.notifiers(), config.witnesses(), PluginSettings.globals(config),
                        (name, witness) -> WitnessRules.ttl(config, name, witness)).stream()
                .map(e -> new Diagnostic(Severity.ERROR, e.position(), e.detail()))
                .toList();
    }
}
