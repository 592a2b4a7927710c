package io.keepwatch.plugins;

import io.keepwatch.plugin.api.PluginApi;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.pf4j.DefaultPluginManager;
import org.pf4j.ManifestPluginDescriptorFinder;
import org.pf4j.PluginDescriptorFinder;
import org.pf4j.PluginLoader;
import org.pf4j.PluginRepository;
import org.pf4j.PluginWrapper;
import org.pf4j.RuntimeMode;
import org.pf4j.util.FileUtils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * PF4J configured for keepwatch: plugin jars from a list of directories (bundled and third-party ones
 * alike), security-checked, loaded with {@link HostFirstClassLoader}, a plugin whose dependencies are
 * missing skipped instead of failing the whole load, and {@code Plugin-Requires} checked against
 * {@link PluginApi#VERSION} within the same major version.
 */
public final class KeepwatchPluginManager extends DefaultPluginManager {

    /** Where keepwatch looks for plugins unless told otherwise: bundled first, then the admin's. */
    public static final List<Path> DEFAULT_ROOTS =
            List.of(Path.of("/usr/share/keepwatch/plugins"), Path.of("/etc/keepwatch/plugins"));

    private static final Logger log = LoggerFactory.getLogger(KeepwatchPluginManager.class);

    private static final ThreadLocal<PluginSecurity> PENDING_SECURITY = new ThreadLocal<>();

    /** A manager for these plugin directories, trusting root and the current user. */
    public KeepwatchPluginManager(List<Path> roots) {
        this(roots, PluginSecurity.forCurrentUser());
    }

    /** A manager for these plugin directories with the given ownership rule. */
    public KeepwatchPluginManager(List<Path> roots, PluginSecurity security) {
        super(withSecurity(roots, security));
        PENDING_SECURITY.remove();
        setSystemVersion(PluginApi.VERSION);
        setResolveRecoveryStrategy(ResolveRecoveryStrategy.IGNORE_PLUGIN_AND_CONTINUE);
    }

    // The super constructor calls the create* methods before this class's fields exist, so the
    // security rule travels through a thread-local for the duration of the constructor.
    private static List<Path> withSecurity(List<Path> roots, PluginSecurity security) {
        PENDING_SECURITY.set(security);
        return List.copyOf(roots);
    }

    @Override
    public RuntimeMode getRuntimeMode() {
        return RuntimeMode.DEPLOYMENT;
    }

    @Override
    protected PluginRepository createPluginRepository() {
        PluginSecurity security = PENDING_SECURITY.get();
        return new SecurePluginRepository(this::getPluginsRoots,
                security != null ? security : PluginSecurity.forCurrentUser());
    }

    @Override
    protected PluginDescriptorFinder createPluginDescriptorFinder() {
        return new ManifestPluginDescriptorFinder();
    }

    @Override
    protected PluginLoader createPluginLoader() {
        return new PluginLoader() {
            @Override
            public boolean isApplicable(Path pluginPath) {
                return Files.exists(pluginPath) && FileUtils.isJarFile(pluginPath);
            }

            @Override
            public ClassLoader loadPlugin(Path pluginPath, org.pf4j.PluginDescriptor descriptor) {
                HostFirstClassLoader loader = new HostFirstClassLoader(KeepwatchPluginManager.this, descriptor,
                        KeepwatchPluginManager.class.getClassLoader());
                loader.addFile(pluginPath.toFile());
                return loader;
            }
        };
    }

    @Override
    protected boolean isPluginValid(PluginWrapper plugin) {
        String requires = plugin.getDescriptor().getRequires().trim();
        if (requires.matches("\\d+\\.\\d+\\.\\d+") && !major(requires).equals(major(PluginApi.VERSION))) {
            log.error("plugin {} requires plugin API {}, keepwatch offers {}: not loaded",
                    plugin.getPluginId(), requires, PluginApi.VERSION);
            return false;
        }
        return super.isPluginValid(plugin);
    }

    private static String major(String version) {
        return version.substring(0, version.indexOf('.'));
    }

    /** The plugin files and directories the last {@link #loadPlugins()} refused, with reasons. */
    public List<RefusedPlugin> refusedPlugins() {
        return ((SecurePluginRepository) pluginRepository).refused();
    }
}
