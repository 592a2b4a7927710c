package io.keepwatch.plugins;

import io.keepwatch.plugin.api.PluginApi;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.pf4j.DefaultPluginFactory;
import org.pf4j.DefaultPluginManager;
import org.pf4j.DependencyResolver;
import org.pf4j.PluginDescriptor;
import org.pf4j.ManifestPluginDescriptorFinder;
import org.pf4j.Plugin;
import org.pf4j.PluginDescriptorFinder;
import org.pf4j.PluginFactory;
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
 * {@link PluginApi#VERSION} within the same major version. Every refusal is recorded in keepwatch's
 * words ({@link #problems()}, {@link #refusal}); PF4J's own log is off.
 */
public final class KeepwatchPluginManager extends DefaultPluginManager {

    private static final Logger log = LoggerFactory.getLogger(KeepwatchPluginManager.class);

    private static final ThreadLocal<PluginSecurity> PENDING_SECURITY = new ThreadLocal<>();

    private final List<PluginProblem> loadFailures = new CopyOnWriteArrayList<>();
    /** Why a plugin PF4J holds as DISABLED was refused, in keepwatch's words, by plugin id. */
    private final Map<String, String> refusals = new ConcurrentHashMap<>();

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

    // PF4J's own check would log in its words and accept a plugin built for a newer major version.
    @Override
    protected boolean isPluginValid(PluginWrapper plugin) {
        Optional<String> refusal = apiRefusal(plugin.getDescriptor().getRequires().trim());
        refusal.ifPresent(reason -> refusals.put(plugin.getPluginId(), reason));
        return refusal.isEmpty();
    }

    private Optional<String> apiRefusal(String requires) {
        if (requires.isEmpty() || requires.equals("*")) {
            return Optional.empty();
        }
        String offered = ", keepwatch offers " + PluginApi.VERSION;
        if (requires.matches("\\d+\\.\\d+\\.\\d+")) {
            if (!major(requires).equals(major(PluginApi.VERSION))) {
                return Optional.of("built for plugin API " + requires + offered + " (the major versions must match)");
            }
            return getVersionManager().compareVersions(requires, PluginApi.VERSION) > 0
                    ? Optional.of("needs plugin API " + requires + " or newer" + offered) : Optional.empty();
        }
        try {
            return getVersionManager().checkVersionConstraint(PluginApi.VERSION, requires)
                    ? Optional.empty() : Optional.of("needs plugin API " + requires + offered);
        } catch (RuntimeException e) {
            return Optional.of("Plugin-Requires '" + requires + "' is neither a version nor a version range");
        }
    }

    private static String major(String version) {
        return version.substring(0, version.indexOf('.'));
    }

    /** Why the plugin is DISABLED (refused before its start), when it is. */
    Optional<String> refusal(String pluginId) {
        return Optional.ofNullable(refusals.get(pluginId));
    }

    // PF4J's factory logs and returns null for a Plugin-Class it cannot create, which then fails the
    // start with a bare NullPointerException: this one says what is wrong with the class instead.
    @Override
    protected PluginFactory createPluginFactory() {
        PluginFactory pf4j = new DefaultPluginFactory();
        return wrapper -> {
            String name = wrapper.getDescriptor().getPluginClass();
            if (name != null && !name.isBlank()) {
                Class<?> type;
                try {
                    type = wrapper.getPluginClassLoader().loadClass(name);
                } catch (ClassNotFoundException | LinkageError e) {
                    throw new PluginClassException("its Plugin-Class " + name + " cannot be loaded: " + e);
                }
                if (!Plugin.class.isAssignableFrom(type)) {
                    throw new PluginClassException("its Plugin-Class " + name + " does not extend org.pf4j.Plugin");
                }
            }
            Plugin plugin = pf4j.create(wrapper);
            if (plugin == null) {
                throw new PluginClassException("its Plugin-Class " + name
                        + " cannot be created (it needs a public no-argument constructor)");
            }
            return plugin;
        };
    }

    /** A plugin whose Plugin-Class is unusable; the message is keepwatch's reason. */
    static final class PluginClassException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        PluginClassException(String message) {
            super(message, null, false, false);
        }
    }

    // PF4J only survives its own exception type here; anything else from a corrupt jar would end the
    // whole load, so every failure is recorded against its file and the jar skipped.
    @Override
    protected PluginWrapper loadPluginFromPath(Path pluginPath) {
        try {
            // PF4J would let a second jar with the same Plugin-Id replace the first one unnoticed.
            String id = getPluginDescriptorFinder().find(pluginPath).getPluginId();
            PluginWrapper taken = id == null ? null : getPlugin(id);
            if (taken != null) {
                fail(pluginPath, "plugin " + pluginPath + " not loaded: its Plugin-Id " + id + " is already taken by "
                        + taken.getPluginPath(), null);
                return null;
            }
            return super.loadPluginFromPath(pluginPath);
        } catch (RuntimeException | LinkageError e) {
            fail(pluginPath, "cannot load plugin " + pluginPath + ": " + e.getMessage(), e);
            return null;
        }
    }

    private void fail(Path pluginPath, String message, Throwable cause) {
        log.error(message);
        if (cause != null) {
            log.debug("loading {}", pluginPath, cause);
        }
        loadFailures.add(new PluginProblem(pluginPath, message));
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
        refusals.clear();
        super.loadPlugins();
    }

    /**
     * The plugin files and directories the last {@link #loadPlugins()} refused as insecure or could
     * not read, with reasons.
     */
    public List<PluginProblem> problems() {
        List<PluginProblem> all = new ArrayList<>(((SecurePluginRepository) pluginRepository).refused());
        all.addAll(loadFailures);
        return List.copyOf(all);
    }
}
