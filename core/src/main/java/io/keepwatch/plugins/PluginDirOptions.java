package io.keepwatch.plugins;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/** {@code --plugin-dir} and {@code --no-bundled-plugins}, the same on every command that loads plugins. */
public final class PluginDirOptions {

    @Option(names = "--plugin-dir", paramLabel = "DIR",
            description = "Also load plugins from DIR, instead of /etc/keepwatch/plugins (repeatable; "
                    + "overrides global_defs plugin_dir). The bundled plugins load too.")
    List<Path> dirs = new ArrayList<>();

    @Option(names = "--no-bundled-plugins",
            description = "Do not load the plugins shipped with keepwatch (as global_defs no_bundled_plugins).")
    boolean noBundled;

    /** {@code --plugin-dir} given {@code dirs} (in order), without {@code --no-bundled-plugins}. */
    public static PluginDirOptions of(List<Path> dirs) {
        PluginDirOptions options = new PluginDirOptions();
        options.dirs.addAll(dirs);
        return options;
    }

    /** The roots from the command line alone. */
    public PluginRoots roots() {
        return roots(List.of(), false);
    }

    /**
     * The roots from the command line and the configuration: {@code --plugin-dir} replaces
     * {@code plugin_dir}; the bundled plugins are left out when either side says so.
     */
    public PluginRoots roots(List<Path> configured, boolean configuredNoBundled) {
        return PluginRoots.of(!dirs.isEmpty() ? dirs : configured, noBundled || configuredNoBundled);
    }
}
