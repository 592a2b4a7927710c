package io.keepwatch.plugins;

import io.keepwatch.plugin.api.ConfigNode;
import io.keepwatch.plugin.api.GlobalSettings;
import io.keepwatch.plugin.api.HealthCheck;
import io.keepwatch.plugin.api.HealthCheckFactory;
import io.keepwatch.plugin.api.NotifierFactory;
import io.keepwatch.plugin.api.PluginConfigException;
import io.keepwatch.plugin.api.PluginContext;
import io.keepwatch.plugin.api.SourcePosition;
import io.keepwatch.plugin.api.Witness;
import io.keepwatch.plugin.api.WitnessFactory;
import io.keepwatch.script.ScriptPolicy;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.function.ToIntFunction;
import java.util.jar.JarFile;
import org.pf4j.PluginState;
import org.pf4j.PluginWrapper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The plugins of one keepwatch run: loads and starts them, indexes their check, notifier and witness
 * types, and creates checks, notifiers and witnesses from configuration blocks. A plugin that cannot be read, lacks a
 * dependency, is built for another plugin API, throws in {@code start()} or whose extensions cannot
 * be created is logged with its id and the reason, and left out; the others work on. When two
 * plugins offer the same type, the first one (bundled directory first, then file names) keeps it and
 * the second is refused that type.
 *
 * <p>Use: {@code new PluginHost(roots, registry)}, {@link #start()}, then {@link #createCheck} per
 * {@code vrrp_check} block and {@link #createNotifiers} once, and {@link #close()} at shutdown.
 */
public final class PluginHost implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(PluginHost.class);

    /** Where PF4J's annotation processor writes the list of a jar's extensions. */
    static final String EXTENSION_INDEX = "META-INF/extensions.idx";

    /** Made by {@link #start()} (or {@link #manager()}): a host never started never loads PF4J. */
    private KeepwatchPluginManager manager;
    private final Supplier<KeepwatchPluginManager> newManager;
    /** Asked when a plugin's check, notifier or witness is created (its {@link PluginContext}). */
    private final Supplier<MeterRegistry> registry;
    /** The administrator's plugin directories (not the bundled one); null: unknown. */
    private final List<Path> admin;
    private final Map<String, Provided<HealthCheckFactory>> checkTypes = new LinkedHashMap<>();
    private final Map<String, Provided<NotifierFactory>> notifierTypes = new LinkedHashMap<>();
    private final Map<String, Provided<WitnessFactory>> witnessTypes = new LinkedHashMap<>();
    /** What is wrong with a plugin that started, by plugin id: refused types, no index, broken extensions. */
    private final Map<String, List<String>> warnings = new LinkedHashMap<>();
    private final Map<String, List<String>> descriptions = new LinkedHashMap<>();
    private boolean started;

    /** A factory and the plugin it came from, as logs name it ({@code plugin ID VERSION}). */
    private record Provided<T>(String pluginId, String label, T factory) {}

    /** A host for the plugin jars in {@code roots} (see {@link PluginRoots}). */
    public PluginHost(List<Path> roots, MeterRegistry registry) {
        this(new KeepwatchPluginManager(roots), registry);
    }

    /**
     * A host for the plugin directories of {@code roots} that reads nothing until {@link #start()},
     * and asks {@code registry} for the meter registry only when a plugin's extension is created.
     */
    public PluginHost(PluginRoots roots, Supplier<MeterRegistry> registry) {
        this.newManager = () -> new KeepwatchPluginManager(roots.all());
        this.registry = registry;
        this.admin = roots.admin().stream().filter(p -> !roots.bundled().equals(Optional.of(p))).toList();
    }

    /** A host around a configured manager (for a custom {@link PluginSecurity}). */
    public PluginHost(KeepwatchPluginManager manager, MeterRegistry registry) {
        this.manager = manager;
        this.newManager = () -> manager;
        this.registry = () -> registry;
        this.admin = null;
    }

    /**
     * Whether a configuration with no plugin blocks still needs the plugins started: its
     * {@code global_defs} has mail settings (a notifier type may run from {@code global_defs} alone,
     * as the bundled smtp notifier does for keepalived's {@code smtp_alert}), or an administrator's
     * plugin directory holds anything (a plugin not shipped with keepwatch may do the same). Always
     * true for a host made around a manager.
     */
    public boolean neededWithoutBlocks(GlobalSettings globals) {
        if (admin == null || globals.smtpServer().isPresent() || !globals.notificationEmail().isEmpty()) {
            return true;
        }
        for (Path dir : admin) {
            try (var entries = Files.list(dir)) {
                if (entries.findAny().isPresent()) {
                    return true;
                }
            } catch (IOException e) {
                // missing or unreadable: nothing in it can be loaded
            }
        }
        return false;
    }

    /** Whether {@link #start()} was called. */
    public synchronized boolean isStarted() {
        return started;
    }

    /** Loads and starts every plugin, then indexes the types they provide. Call once. */
    public synchronized void start() {
        if (started) {
            throw new IllegalStateException("plugin host already started");
        }
        started = true;
        KeepwatchPluginManager manager = manager();
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
                index(plugin);
            } else {
                log.error("plugin {} ({}) {}", label(plugin), plugin.getPluginPath(), notStarted(plugin));
            }
        }
        log.info("plugins: {} loaded, check types {}, notifier types {}, witness types {}",
                manager.getStartedPlugins().size(), checkTypes.keySet(), notifierTypes.keySet(), witnessTypes.keySet());
    }

    /** Why a plugin that is not STARTED did not start, in keepwatch's words. */
    private String notStarted(PluginWrapper plugin) {
        if (plugin.getPluginState() == PluginState.DISABLED) {
            return "not started: " + manager.refusal(plugin.getPluginId()).orElse("disabled");
        }
        Throwable cause = plugin.getFailedException();
        if (cause instanceof KeepwatchPluginManager.PluginClassException) {
            return "not started: " + cause.getMessage();
        }
        if (cause != null) {
            return "not started: its start() threw " + cause;
        }
        return "not started (" + plugin.getPluginState() + ")";
    }

    private static String label(PluginWrapper plugin) {
        return plugin.getPluginId() + " " + plugin.getDescriptor().getVersion();
    }

    // When two plugins offer the same type the first wins: directories in the order given (bundled
    // before the administrator's), then file names, so the outcome never depends on hash order.
    private List<PluginWrapper> inRootOrder(List<PluginWrapper> plugins) {
        List<Path> roots = manager.getPluginsRoots();
        ToIntFunction<PluginWrapper> rootIndex = p -> {
            for (int i = 0; i < roots.size(); i++) {
                if (p.getPluginPath().startsWith(roots.get(i))) {
                    return i;
                }
            }
            return roots.size();
        };
        return plugins.stream().sorted(Comparator.comparingInt(rootIndex)
                .thenComparing(p -> p.getPluginPath().getFileName().toString())).toList();
    }

    private void index(PluginWrapper plugin) {
        String id = plugin.getPluginId();
        String label = "plugin " + label(plugin);
        if (!hasExtensionIndex(plugin.getPluginPath())) {
            warn(plugin, "has no extension index (" + EXTENSION_INDEX + "), so none of its checks or notifiers "
                    + "can be found: build it with PF4J's annotation processor enabled "
                    + "(maven-compiler-plugin <proc>full</proc>)");
        }
        register(plugin, label, HealthCheckFactory.class, "check", HealthCheckFactory::type,
                HealthCheckFactory::description, checkTypes);
        register(plugin, label, NotifierFactory.class, "notifier", NotifierFactory::type,
                NotifierFactory::description, notifierTypes);
        register(plugin, label, WitnessFactory.class, "witness", WitnessFactory::type,
                WitnessFactory::description, witnessTypes);
        String described = plugin.getDescriptor().getPluginDescription();
        if (described != null && !described.isBlank()) {
            descriptions.put(id, List.of(described.strip()));
        }
    }

    private static boolean hasExtensionIndex(Path jar) {
        try (JarFile file = new JarFile(jar.toFile())) {
            return file.getEntry(EXTENSION_INDEX) != null;
        } catch (IOException e) {
            return false;
        }
    }

    private void warn(PluginWrapper plugin, String problem) {
        log.warn("plugin {} ({}) {}", label(plugin), plugin.getPluginPath(), problem);
        warnings.computeIfAbsent(plugin.getPluginId(), k -> new ArrayList<>()).add(problem);
    }

    private <T> void register(PluginWrapper plugin, String label, Class<T> point, String kind,
                              Function<T, String> type, Function<T, String> description,
                              Map<String, Provided<T>> into) {
        String pluginId = plugin.getPluginId();
        List<T> found;
        try {
            found = manager.getExtensions(point, pluginId);
        } catch (RuntimeException | LinkageError e) {
            warn(plugin, "cannot create its " + kind + " factories: " + e);
            return;
        }
        for (T factory : found) {
            String name;
            try {
                name = PluginCalls.in(factory, () -> type.apply(factory));
            } catch (RuntimeException | LinkageError e) {
                warn(plugin, "its " + kind + " factory " + factory.getClass().getName() + " failed to name its type: " + e);
                continue;
            }
            Provided<T> previous = into.get(name);
            if (previous != null) {
                warn(plugin, kind + " type '" + name + "' refused: " + previous.label() + " already provides it");
                continue;
            }
            into.put(name, new Provided<>(pluginId, label, factory));
            String text;
            try {
                text = PluginCalls.in(factory, () -> description.apply(factory));
            } catch (RuntimeException | LinkageError e) {
                text = null;
            }
            if (text != null && !text.isBlank()) {
                descriptions.computeIfAbsent(pluginId, k -> new ArrayList<>()).add(name + ": " + text.strip());
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

    /** The witness factories by type. */
    public synchronized Map<String, WitnessFactory> witnessFactories() {
        Map<String, WitnessFactory> out = new LinkedHashMap<>();
        witnessTypes.forEach((k, v) -> out.put(k, v.factory()));
        return Collections.unmodifiableMap(out);
    }

    /** Who provides a check type, as logs name it: {@code plugin ID VERSION}. */
    public synchronized Optional<String> checkOrigin(String type) {
        return Optional.ofNullable(checkTypes.get(type)).map(Provided::label);
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
        return newCheck(type, name, block, globals, registry.get());
    }

    private HealthCheck newCheck(String type, String name, ConfigNode block, GlobalSettings globals,
                                 MeterRegistry meters) {
        Provided<HealthCheckFactory> provided = checkTypes.get(type);
        if (provided == null) {
            throw unknownType(block, "check", type, checkTypes.keySet());
        }
        return bind(block, type, provided, () -> PluginCalls.in(provided.factory(),
                () -> provided.factory().create(context(provided, name, block, globals, meters))));
    }

    /**
     * Creates the notifier of one {@code vrrp_notifier NAME { type TYPE ... }} block.
     *
     * @throws PluginConfigException when the type is missing or unknown, or the plugin rejects the
     *     block, or the plugin fails while binding it; the message starts with {@code file:line}
     */
    public synchronized NamedNotifier createNotifier(String name, ConfigNode block, GlobalSettings globals) {
        return newNotifier(name, block, globals, registry.get());
    }

    private NamedNotifier newNotifier(String name, ConfigNode block, GlobalSettings globals, MeterRegistry meters) {
        String type = typeOf(block, "vrrp_notifier");
        Provided<NotifierFactory> provided = notifierTypes.get(type);
        if (provided == null) {
            throw unknownType(block, "notifier", type, notifierTypes.keySet());
        }
        return new NamedNotifier(name, type, bind(block, type, provided, () -> PluginCalls.in(provided.factory(),
                () -> provided.factory().create(context(provided, name, block, globals, meters)))), provided.label());
    }

    /**
     * Creates the witness of one {@code vrrp_witness NAME { type TYPE ... }} block. It does not contact
     * its store yet ({@link WitnessFactory#create}).
     *
     * @throws PluginConfigException when the type is missing or unknown, or the plugin rejects the
     *     block, or the plugin fails while binding it; the message starts with {@code file:line}
     */
    public synchronized NamedWitness createWitness(String name, ConfigNode block, GlobalSettings globals) {
        return newWitness(name, block, globals, registry.get());
    }

    private NamedWitness newWitness(String name, ConfigNode block, GlobalSettings globals, MeterRegistry meters) {
        String type = typeOf(block, "vrrp_witness");
        Provided<WitnessFactory> provided = witnessTypes.get(type);
        if (provided == null) {
            throw unknownType(block, "witness", type, witnessTypes.keySet());
        }
        return new NamedWitness(name, type, bind(block, type, provided, () -> PluginCalls.in(provided.factory(),
                () -> provided.factory().create(context(provided, name, block, globals, meters)))), provided.label());
    }

    /**
     * Creates the notifiers of the {@code vrrp_notifier} blocks, plus one per notifier type that asks to
     * run from {@code global_defs} alone (keepalived's mail alerts) when no block declares that type.
     * A block that cannot be bound is logged with its {@code file:line} and left out: it never takes
     * another notifier with it (a configuration is checked with {@link #createNotifier} before it runs).
     */
    public synchronized List<NamedNotifier> createNotifiers(Map<String, ConfigNode> blocks, GlobalSettings globals) {
        List<NamedNotifier> out = new ArrayList<>();
        List<String> declaredTypes = new ArrayList<>();
        for (var entry : blocks.entrySet()) {
            entry.getValue().value("type").ifPresent(declaredTypes::add);
            try {
                out.add(createNotifier(entry.getKey(), entry.getValue(), globals));
            } catch (PluginConfigException e) {
                log.error("{}; notifier {} is not started", e.getMessage(), entry.getKey());
            }
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
                log.error("{}: notifier type {} failed to read global_defs: {}", provided.label(), type, e.toString(), e);
                continue;
            }
            if (wanted) {
                ConfigNode empty = new ConfigNode("vrrp_notifier", List.of(type), List.of(),
                        new SourcePosition("global_defs", 0, 0));
                try {
                    out.add(new NamedNotifier(type, type, PluginCalls.in(provided.factory(),
                            () -> provided.factory().create(context(provided, type, empty, globals, registry.get()))), provided.label()));
                } catch (RuntimeException | LinkageError e) {
                    log.error("{}: cannot create {} notifier from global_defs: {}", provided.label(), type,
                            e.getMessage(), e);
                }
            }
        }
        return out;
    }

    private <T> T bind(ConfigNode block, String type, Provided<?> provided, Supplier<T> create) {
        T created;
        try {
            created = create.get();
        } catch (PluginConfigException e) {
            throw e;
        } catch (RuntimeException | LinkageError e) {
            log.error("{} failed to set up the {} block at {}", provided.label(), type, block.position(), e);
            throw new PluginConfigException(block.position(),
                    provided.label() + " failed to set up type '" + type + "': " + e);
        }
        if (created == null) {
            throw new PluginConfigException(block.position(), provided.label() + " created nothing for type '"
                    + type + "'");
        }
        return created;
    }

    /**
     * Binds every block as {@link #createCheck} and {@link #createNotifier} would, and closes what was
     * created at once: nothing runs, and the meters the plugins register go nowhere.
     *
     * @param checks {@code vrrp_check} blocks by name
     * @param notifiers {@code vrrp_notifier} blocks by name
     * @return every block's error, in the order given (checks first)
     */
    public synchronized List<PluginConfigException> check(Map<String, ConfigNode> checks,
                                                          Map<String, ConfigNode> notifiers, GlobalSettings globals) {
        return check(checks, notifiers, Map.of(), globals, (name, witness) -> Optional.empty());
    }

    /**
     * As {@link #check(Map, Map, GlobalSettings)}, and binds the {@code vrrp_witness} blocks too, each
     * created witness shown to {@code witnessRule} (which may refuse it, e.g. a TTL too short for the
     * use the configuration makes of it) before it is closed.
     *
     * @param witnesses {@code vrrp_witness} blocks by name
     * @return every block's error, in the order given (checks, notifiers, witnesses)
     */
    public synchronized List<PluginConfigException> check(Map<String, ConfigNode> checks,
                                                          Map<String, ConfigNode> notifiers,
                                                          Map<String, ConfigNode> witnesses, GlobalSettings globals,
                                                          BiFunction<String, Witness,
                                                                  Optional<PluginConfigException>> witnessRule) {
        MeterRegistry scratch = new io.micrometer.core.instrument.simple.SimpleMeterRegistry();
        List<PluginConfigException> errors = new ArrayList<>();
        checks.forEach((name, block) -> {
            try {
                HealthCheck check = newCheck(typeOf(block, "vrrp_check"), name, block, globals, scratch);
                quietly(check, check::close);
            } catch (PluginConfigException e) {
                errors.add(e);
            }
        });
        notifiers.forEach((name, block) -> {
            try {
                NamedNotifier notifier = newNotifier(name, block, globals, scratch);
                quietly(notifier.notifier(), notifier.notifier()::close);
            } catch (PluginConfigException e) {
                errors.add(e);
            }
        });
        witnesses.forEach((name, block) -> {
            try {
                NamedWitness witness = newWitness(name, block, globals, scratch);
                try {
                    witnessRule.apply(name, witness.witness()).ifPresent(errors::add);
                } finally {
                    quietly(witness.witness(), witness.witness()::close);
                }
            } catch (PluginConfigException e) {
                errors.add(e);
            } catch (RuntimeException | LinkageError e) {
                errors.add(new PluginConfigException(block.position(), "witness " + name + " failed: " + e));
            }
        });
        return errors;
    }

    private static void quietly(Object pluginObject, Runnable close) {
        try {
            PluginCalls.in(pluginObject, () -> {
                close.run();
                return null;
            });
        } catch (RuntimeException | LinkageError e) {
            log.debug("closing a checked {}: {}", pluginObject.getClass().getName(), e.toString());
        }
    }

    private PluginContext context(Provided<?> provided, String name, ConfigNode block, GlobalSettings globals,
                                  MeterRegistry meters) {
        Logger logger = new PluginLogger(LoggerFactory.getLogger("io.keepwatch.plugin." + provided.pluginId()
                + "." + name), provided.label());
        return new PluginContext(name, block, globals, logger, meters, ScriptPolicy.of(globals));
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
                                                     Collection<String> known) {
        SourcePosition at = block.child("type").map(ConfigNode::position).orElse(block.position());
        return new PluginConfigException(at, "unknown " + what + " type '" + type + "' (known: "
                + (known.isEmpty() ? "none, no plugin provides one" : String.join(", ", known)) + ")");
    }

    /** Every plugin found, whatever its state, in id order. */
    public synchronized List<PluginInfo> plugins() {
        List<PluginInfo> out = new ArrayList<>();
        if (manager == null) {
            return out;
        }
        for (PluginWrapper p : manager.getPlugins()) {
            String id = p.getPluginId();
            List<String> checks = checkTypes.entrySet().stream()
                    .filter(e -> e.getValue().pluginId().equals(id)).map(Map.Entry::getKey).toList();
            List<String> notifiers = notifierTypes.entrySet().stream()
                    .filter(e -> e.getValue().pluginId().equals(id)).map(Map.Entry::getKey).toList();
            List<String> witnesses = witnessTypes.entrySet().stream()
                    .filter(e -> e.getValue().pluginId().equals(id)).map(Map.Entry::getKey).toList();
            Optional<String> error = p.getPluginState() == PluginState.STARTED ? Optional.empty()
                    : Optional.of(notStarted(p));
            var d = p.getDescriptor();
            out.add(new PluginInfo(id, d.getVersion(), d.getProvider() == null ? "" : d.getProvider(),
                    d.getRequires(), p.getPluginPath(), p.getPluginState().toString(), checks, notifiers, error,
                    descriptions.getOrDefault(id, List.of()), warnings.getOrDefault(id, List.of()), witnesses));
        }
        out.sort(Comparator.comparing(PluginInfo::id));
        return out;
    }

    /** The jars and directories not loaded: refused as insecure, or unreadable. */
    public synchronized List<PluginProblem> problems() {
        return manager == null ? List.of() : manager.problems();
    }

    /** The underlying PF4J manager. */
    public synchronized KeepwatchPluginManager manager() {
        if (manager == null) {
            manager = newManager.get();
        }
        return manager;
    }

    /** Stops and unloads every plugin; errors are logged. */
    @Override
    public synchronized void close() {
        if (manager == null) {
            return;
        }
        try {
            manager.stopPlugins();
            manager.unloadPlugins();
        } catch (RuntimeException e) {
            log.error("stopping plugins: {}", e.toString(), e);
        }
    }
}
