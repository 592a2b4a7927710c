package io.keepwatch.plugins;

import io.keepwatch.plugin.api.ConfigNode;
import io.keepwatch.plugin.api.GlobalSettings;
import io.keepwatch.plugin.api.HealthCheck;
import io.keepwatch.plugin.api.HealthCheckFactory;
import io.keepwatch.plugin.api.NotifierFactory;
import io.keepwatch.plugin.api.PluginConfigException;
import io.keepwatch.plugin.api.PluginContext;
import io.keepwatch.plugin.api.SourcePosition;
import io.keepwatch.script.ScriptPolicy;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.pf4j.PluginState;
import org.pf4j.PluginWrapper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The plugins of one keepwatch run: loads and starts them, indexes their check and notifier types,
 * and creates checks and notifiers from configuration blocks. A plugin that cannot be read, lacks a
 * dependency, throws in {@code start()} or whose extensions cannot be created is logged with its id
 * and left out; the others work on.
 *
 * <p>Use: {@code new PluginHost(roots, registry)}, {@link #start()}, then {@link #createCheck} per
 * {@code vrrp_check} block and {@link #createNotifiers} once, and {@link #close()} at shutdown.
 */
public final class PluginHost implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(PluginHost.class);

    private final KeepwatchPluginManager manager;
    private final MeterRegistry registry;
    private final Map<String, Provided<HealthCheckFactory>> checkTypes = new LinkedHashMap<>();
    private final Map<String, Provided<NotifierFactory>> notifierTypes = new LinkedHashMap<>();
    private final Map<String, String> extensionErrors = new LinkedHashMap<>();
    private boolean started;

    private record Provided<T>(String pluginId, T factory) {}

    /** A host for the plugin jars in {@code roots} (see {@link KeepwatchPluginManager#DEFAULT_ROOTS}). */
    public PluginHost(List<Path> roots, MeterRegistry registry) {
        this(new KeepwatchPluginManager(roots), registry);
    }

    /** A host around a configured manager (for a custom {@link PluginSecurity}). */
    public PluginHost(KeepwatchPluginManager manager, MeterRegistry registry) {
        this.manager = manager;
        this.registry = registry;
    }

    /** Loads and starts every plugin, then indexes the types they provide. Call once. */
    public synchronized void start() {
        if (started) {
            throw new IllegalStateException("plugin host already started");
        }
        started = true;
        try {
            manager.loadPlugins();
        } catch (RuntimeException e) {
            log.error("loading plugins failed: {}", e.toString(), e);
        }
        try {
            manager.startPlugins();
        } catch (RuntimeException e) {
            log.error("starting plugins failed: {}", e.toString(), e);
        }
        for (PluginWrapper plugin : inRootOrder(manager.getPlugins())) {
            if (plugin.getPluginState() == PluginState.STARTED) {
                index(plugin.getPluginId());
            } else if (plugin.getPluginState() == PluginState.FAILED) {
                Throwable cause = plugin.getFailedException();
                log.error("plugin {} ({}) failed to start and is skipped: {}", plugin.getPluginId(),
                        plugin.getPluginPath(), cause == null ? "unknown error" : cause.toString(), cause);
            } else {
                log.error("plugin {} ({}) is {} and is skipped", plugin.getPluginId(), plugin.getPluginPath(),
                        plugin.getPluginState());
            }
        }
        log.info("plugins: {} loaded, check types {}, notifier types {}", manager.getStartedPlugins().size(),
                checkTypes.keySet(), notifierTypes.keySet());
    }

    // When two plugins offer the same type the first wins: directories in the order given (bundled
    // before the administrator's), then file names, so the outcome never depends on hash order.
    private List<PluginWrapper> inRootOrder(List<PluginWrapper> plugins) {
        List<Path> roots = manager.getPluginsRoots();
        java.util.function.ToIntFunction<PluginWrapper> rootIndex = p -> {
            for (int i = 0; i < roots.size(); i++) {
                if (p.getPluginPath().startsWith(roots.get(i))) {
                    return i;
                }
            }
            return roots.size();
        };
        return plugins.stream().sorted(java.util.Comparator.comparingInt(rootIndex)
                .thenComparing(p -> p.getPluginPath().getFileName().toString())).toList();
    }

    private void index(String pluginId) {
        register(pluginId, HealthCheckFactory.class, HealthCheckFactory::type, checkTypes);
        register(pluginId, NotifierFactory.class, NotifierFactory::type, notifierTypes);
    }

    private <T> void register(String pluginId, Class<T> point, Function<T, String> type,
                              Map<String, Provided<T>> into) {
        List<T> found;
        try {
            found = manager.getExtensions(point, pluginId);
        } catch (RuntimeException | LinkageError e) {
            String message = "cannot create " + point.getSimpleName() + " extensions: " + e;
            extensionErrors.merge(pluginId, message, (a, b) -> a + "; " + b);
            log.error("plugin {}: {}", pluginId, message, e);
            return;
        }
        for (T factory : found) {
            String name;
            try {
                name = type.apply(factory);
            } catch (RuntimeException | LinkageError e) {
                log.error("plugin {}: {} {} failed to name its type: {}", pluginId, point.getSimpleName(),
                        factory.getClass().getName(), e.toString());
                continue;
            }
            Provided<T> previous = into.putIfAbsent(name, new Provided<>(pluginId, factory));
            if (previous != null) {
                log.warn("plugin {} also provides {} type '{}'; the one of plugin {} is used", pluginId,
                        point.getSimpleName(), name, previous.pluginId());
            }
        }
    }

    /** The check factories by type. */
    public synchronized Map<String, HealthCheckFactory> checkFactories() {
        Map<String, HealthCheckFactory> out = new LinkedHashMap<>();
        checkTypes.forEach((k, v) -> out.put(k, v.factory()));
        return Collections.unmodifiableMap(out);
    }

    /** The notifier factories by type. */
    public synchronized Map<String, NotifierFactory> notifierFactories() {
        Map<String, NotifierFactory> out = new LinkedHashMap<>();
        notifierTypes.forEach((k, v) -> out.put(k, v.factory()));
        return Collections.unmodifiableMap(out);
    }

    /**
     * Creates the check of a {@code vrrp_check NAME { type TYPE ... }} block.
     *
     * @throws PluginConfigException when the type is missing or unknown, or the plugin rejects the
     *     block, or the plugin fails while binding it; the message starts with {@code file:line}
     */
    public synchronized HealthCheck createCheck(String name, ConfigNode block, GlobalSettings globals) {
        return createCheck(typeOf(block, "vrrp_check"), name, block, globals);
    }

    /**
     * Creates a check of the given type from a block that names no {@code type}, e.g.
     * {@code createCheck("script", NAME, block, globals)} for a block of the script plugin's keywords.
     *
     * @throws PluginConfigException as {@link #createCheck(String, ConfigNode, GlobalSettings)}
     */
    public synchronized HealthCheck createCheck(String type, String name, ConfigNode block, GlobalSettings globals) {
        Provided<HealthCheckFactory> provided = checkTypes.get(type);
        if (provided == null) {
            throw unknownType(block, "check", type, checkTypes.keySet());
        }
        return bind(block, type, provided.pluginId(), () -> PluginCalls.in(provided.factory(),
                () -> provided.factory().create(context(provided.pluginId(), name, block, globals))));
    }

    /**
     * Creates the notifiers of the {@code vrrp_notifier} blocks, plus one per notifier type that asks to
     * run from {@code global_defs} alone (keepalived's mail alerts) when no block declares that type.
     * A block that cannot be bound fails the whole call (it is a configuration error).
     */
    public synchronized List<NamedNotifier> createNotifiers(Map<String, ConfigNode> blocks, GlobalSettings globals) {
        List<NamedNotifier> out = new ArrayList<>();
        List<String> declaredTypes = new ArrayList<>();
        for (var entry : blocks.entrySet()) {
            ConfigNode block = entry.getValue();
            String type = typeOf(block, "vrrp_notifier");
            Provided<NotifierFactory> provided = notifierTypes.get(type);
            if (provided == null) {
                throw unknownType(block, "notifier", type, notifierTypes.keySet());
            }
            declaredTypes.add(type);
            out.add(new NamedNotifier(entry.getKey(), type, bind(block, type, provided.pluginId(),
                    () -> PluginCalls.in(provided.factory(), () -> provided.factory().create(
                            context(provided.pluginId(), entry.getKey(), block, globals))))));
        }
        for (var entry : notifierTypes.entrySet()) {
            String type = entry.getKey();
            if (declaredTypes.contains(type)) {
                continue;
            }
            Provided<NotifierFactory> provided = entry.getValue();
            boolean wanted;
            try {
                wanted = PluginCalls.in(provided.factory(), () -> provided.factory().enabledByGlobals(globals));
            } catch (RuntimeException | LinkageError e) {
                log.error("plugin {}: notifier type {} failed: {}", provided.pluginId(), type, e.toString(), e);
                continue;
            }
            if (wanted) {
                ConfigNode empty = new ConfigNode("vrrp_notifier", List.of(type), List.of(),
                        new SourcePosition("global_defs", 0, 0));
                try {
                    out.add(new NamedNotifier(type, type, PluginCalls.in(provided.factory(),
                            () -> provided.factory().create(context(provided.pluginId(), type, empty, globals)))));
                } catch (RuntimeException | LinkageError e) {
                    log.error("plugin {}: cannot create {} notifier from global_defs: {}", provided.pluginId(),
                            type, e.getMessage(), e);
                }
            }
        }
        return out;
    }

    private <T> T bind(ConfigNode block, String type, String pluginId, java.util.function.Supplier<T> create) {
        try {
            return create.get();
        } catch (PluginConfigException e) {
            throw e;
        } catch (RuntimeException | LinkageError e) {
            log.error("plugin {} failed to bind {} block at {}", pluginId, type, block.position(), e);
            throw new PluginConfigException(block.position(),
                    "plugin " + pluginId + " failed to set up type '" + type + "': " + e);
        }
    }

    private PluginContext context(String pluginId, String name, ConfigNode block, GlobalSettings globals) {
        Logger logger = LoggerFactory.getLogger("io.keepwatch.plugin." + pluginId + "." + name);
        return new PluginContext(name, block, globals, logger, registry, ScriptPolicy.of(globals));
    }

    private static String typeOf(ConfigNode block, String what) {
        ConfigNode line = block.child("type").orElseThrow(() -> new PluginConfigException(block.position(),
                "missing 'type' in " + what + " block"));
        if (line.arguments().size() != 1) {
            throw new PluginConfigException(line.position(), "'type' needs exactly one value");
        }
        return line.arguments().getFirst();
    }

    private static PluginConfigException unknownType(ConfigNode block, String what, String type,
                                                     java.util.Collection<String> known) {
        SourcePosition at = block.child("type").map(ConfigNode::position).orElse(block.position());
        return new PluginConfigException(at, "unknown " + what + " type '" + type + "' (known: "
                + (known.isEmpty() ? "none, no plugin provides one" : String.join(", ", known)) + ")");
    }

    /** Every plugin found, whatever its state, in id order. */
    public synchronized List<PluginInfo> plugins() {
        List<PluginInfo> out = new ArrayList<>();
        for (PluginWrapper p : manager.getPlugins()) {
            String id = p.getPluginId();
            List<String> checks = checkTypes.entrySet().stream()
                    .filter(e -> e.getValue().pluginId().equals(id)).map(Map.Entry::getKey).toList();
            List<String> notifiers = notifierTypes.entrySet().stream()
                    .filter(e -> e.getValue().pluginId().equals(id)).map(Map.Entry::getKey).toList();
            Optional<String> error = Optional.ofNullable(p.getFailedException()).map(Throwable::toString)
                    .or(() -> Optional.ofNullable(extensionErrors.get(id)));
            var d = p.getDescriptor();
            out.add(new PluginInfo(id, d.getVersion(), d.getProvider() == null ? "" : d.getProvider(),
                    d.getRequires(), p.getPluginPath(), p.getPluginState().toString(), checks, notifiers, error));
        }
        out.sort(java.util.Comparator.comparing(PluginInfo::id));
        return out;
    }

    /** The jars and directories not loaded: refused as insecure, or unreadable. */
    public List<PluginProblem> problems() {
        return manager.problems();
    }

    /** The underlying PF4J manager. */
    public KeepwatchPluginManager manager() {
        return manager;
    }

    /** Stops and unloads every plugin; errors are logged. */
    @Override
    public synchronized void close() {
        try {
            manager.stopPlugins();
            manager.unloadPlugins();
        } catch (RuntimeException e) {
            log.error("stopping plugins: {}", e.toString(), e);
        }
    }
}
