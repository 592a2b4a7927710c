package io.keepwatch.plugins;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The plugin directories of one keepwatch process, in load order: the bundled directory (unless
 * turned off), then the administrator's directories. Naming directories ({@code --plugin-dir},
 * {@code global_defs plugin_dir}) replaces {@link #ADMIN}, never the bundled plugins, so a
 * keepalived configuration keeps its {@code vrrp_script} checks; {@code --no-bundled-plugins} (or
 * {@code global_defs no_bundled_plugins}) is the separate, explicit way to leave them out.
 *
 * @param bundled the directory of the plugins shipped with keepwatch, empty when turned off
 * @param admin the administrator's directories
 * @param named whether {@code admin} was named by the operator (then each must exist)
 */
public record PluginRoots(Optional<Path> bundled, List<Path> admin, boolean named) {

    /** Where the administrator puts plugins unless told otherwise. */
    public static final Path ADMIN = Path.of("/etc/keepwatch/plugins");

    /**
     * Where the bundled plugins are: {@code plugins/} of the installation the launcher names in the
     * system property {@code keepwatch.home} (a tarball may be unpacked anywhere), else
     * /usr/share/keepwatch/plugins where the .deb puts them.
     */
    public static final Path BUNDLED = bundledDir(System.getProperty("keepwatch.home"));

    /** Both defaults: the bundled plugins, then {@link #ADMIN}. */
    public static final PluginRoots DEFAULTS = new PluginRoots(Optional.of(BUNDLED), List.of(ADMIN), false);

    public PluginRoots {
        admin = List.copyOf(admin);
    }

    static Path bundledDir(String home) {
        return home == null || home.isBlank() ? Path.of("/usr/share/keepwatch/plugins") : Path.of(home, "plugins");
    }

    /**
     * The roots for these operator choices.
     *
     * @param named the directories named (empty: {@link #ADMIN})
     * @param noBundled whether to leave the bundled plugins out
     */
    public static PluginRoots of(List<Path> named, boolean noBundled) {
        return new PluginRoots(noBundled ? Optional.empty() : Optional.of(BUNDLED),
                named.isEmpty() ? List.of(ADMIN) : named, !named.isEmpty());
    }

    /** Every directory, bundled first. */
    public List<Path> all() {
        List<Path> out = new ArrayList<>();
        bundled.ifPresent(out::add);
        admin.stream().filter(p -> !out.contains(p)).forEach(out::add);
        return List.copyOf(out);
    }

    /**
     * Why these roots cannot be used: a named directory that does not exist (a typing error would
     * otherwise load nothing, silently), one message per directory; empty when they can.
     */
    public List<String> refusals() {
        if (!named) {
            return List.of();
        }
        return admin.stream().filter(p -> !Files.isDirectory(p))
                .map(p -> Files.exists(p) ? "plugin directory " + p + " is not a directory"
                        : "plugin directory " + p + " does not exist")
                .toList();
    }
}
