package io.keepwatch.plugins;

import java.util.List;
import org.pf4j.ClassLoadingStrategy;
import org.pf4j.PluginClassLoader;
import org.pf4j.PluginDescriptor;
import org.pf4j.PluginManager;

/**
 * A plugin's class loader: its own classes first, except for the packages of the contract, which
 * always come from keepwatch. A plugin that bundles its own copy of the plugin API, PF4J, SLF4J or
 * Micrometer therefore still shares the host's interfaces (or its extensions would be invisible) and
 * logs and measures through the host's back ends.
 */
public final class HostFirstClassLoader extends PluginClassLoader {

    /** Package prefixes always loaded from keepwatch. */
    public static final List<String> HOST_PACKAGES = List.of(
            "io.keepwatch.plugin.api.", "org.pf4j.", "org.slf4j.", "io.micrometer.",
            "org.HdrHistogram.", "org.LatencyUtils.", "com.github.zafarkhaja.semver.");

    static {
        registerAsParallelCapable();
    }

    /** A loader for one plugin whose parent is keepwatch's own class loader. */
    public HostFirstClassLoader(PluginManager manager, PluginDescriptor descriptor, ClassLoader parent) {
        super(manager, descriptor, parent, ClassLoadingStrategy.PDA);
    }

    static boolean isHostClass(String className) {
        for (String prefix : HOST_PACKAGES) {
            if (className.startsWith(prefix)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public Class<?> loadClass(String className) throws ClassNotFoundException {
        if (isHostClass(className)) {
            return getParent().loadClass(className);
        }
        return super.loadClass(className);
    }
}
