package io.keepwatch.plugins;

import io.keepwatch.plugin.api.PluginApi;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.pf4j.DefaultPluginManager;
import org.pf4j.DependencyResolver;
import org.pf4j.PluginDescriptor;
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

    /**
     * Where keepwatch looks for plugins unless told otherwise: bundled first, then the admin's. The
     * bundled ones are in {@code plugins/} of the installation the launcher names in the system
     * property {@code keepwatch.home} (a tarball may be unpacked anywhere), else in
     * /usr/share/keepwatch/plugins where the .deb puts them.
     */
    public static final List<Path> DEFAULT_ROOTS = defaultRoots(System.getProperty("keepwatch.home"));

    static List<Path> defaultRoots(String home) {
        Path bundled = home == null || home.isBlank() ? Path.of("/usr/share/keepwatch/plugins") : Path.of(home, "plugins");
        return List.of(bundled, Path.of("/etc/keepwatch/plugins"));
    }

    private static final Logger log = LoggerFactory.getLogger(KeepwatchPluginManager.class);

    private static final ThreadLocal<PluginSecurity> PENDING_SECURITY = new ThreadLocal<>();

    private final List<PluginProblem> loadFailures = new java.util.concurrent.CopyOnWriteArrayList<>();

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
            public ClassLoader loadPlugin(Path pluginPath, PluginDescriptor descriptor) {
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

    // PF4J only survives its own exception type here; anything else from a corrupt jar would end the
    // whole load, so every failure is recorded against its file and the jar skipped.
    @Override
    protected PluginWrapper loadPluginFromPath(Path pluginPath) {
        try {
            return super.loadPluginFromPath(pluginPath);
        } catch (RuntimeException | LinkageError e) {
            String message = "cannot load plugin " + pluginPath + ": " + e.getMessage();
            log.error(message, e);
            loadFailures.add(new PluginProblem(pluginPath, message));
            return null;
        }
    }

    // With IGNORE_PLUGIN_AND_CONTINUE, PF4J silently unloads a plugin whose dependencies are missing;
    // the same resolution is run first so that each such plugin is reported by id and file.
    @Override
    protected DependencyResolver.Result resolveDependencies() {
        List<PluginDescriptor> descriptors = getPlugins().stream().map(PluginWrapper::getDescriptor).toList();
        DependencyResolver.Result preview = dependencyResolver.resolve(descriptors);
        for (String missing : preview.getNotFoundDependencies()) {
            for (String dependent : dependencyResolver.getDependents(missing)) {
                skipped(dependent, "plugin " + dependent + " needs plugin " + missing + ", which is not installed");
            }
        }
        for (DependencyResolver.WrongDependencyVersion wrong : preview.getWrongVersionDependencies()) {
            skipped(wrong.getDependentId(), "plugin " + wrong.getDependentId() + " needs plugin "
                    + wrong.getDependencyId() + " " + wrong.getRequiredVersion() + ", found "
                    + wrong.getExistingVersion());
        }
        return super.resolveDependencies();
    }

    private void skipped(String pluginId, String reason) {
        PluginWrapper plugin = getPlugin(pluginId);
        Path path = plugin == null ? Path.of(pluginId) : plugin.getPluginPath();
        String message = reason + ": " + path + " skipped";
        log.error(message);
        loadFailures.add(new PluginProblem(path, message));
    }

    @Override
    public void loadPlugins() {
        loadFailures.clear();
        super.loadPlugins();
    }

    /**
     * The plugin files and directories the last {@link #loadPlugins()} refused as insecure or could
     * not read, with reasons.
     */
    public List<PluginProblem> problems() {
        List<PluginProblem> all = new java.util.ArrayList<>(((SecurePluginRepository) pluginRepository).refused());
        all.addAll(loadFailures);
        return List.copyOf(all);
    }
}
