package io.keepwatch.runtime;

import io.keepwatch.config.diagnostic.Diagnostic;
import io.keepwatch.config.model.KeepalivedConfig;
import io.keepwatch.plugin.api.AddressConflictEvent;
import io.keepwatch.plugin.api.ConfigNode;
import io.keepwatch.plugin.api.GlobalSettings;
import io.keepwatch.plugin.api.HealthCheck;
import io.keepwatch.plugin.api.HealthCheckSettings;
import io.keepwatch.plugins.CheckScheduler;
import io.keepwatch.plugins.LazyRegistry;
import io.keepwatch.plugins.NamedNotifier;
import io.keepwatch.plugins.NotificationCounts;
import io.keepwatch.plugins.NotifierDispatcher;
import io.keepwatch.plugins.PluginHost;
import io.keepwatch.plugins.PluginInfo;
import io.keepwatch.plugins.Ticker;
import io.keepwatch.plugins.TrackerListener;
import io.keepwatch.script.ConfiguredScripts;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What plugins add to a running daemon: health checks whose results become tracker events, and
 * notifiers (plus keepalived's notify scripts) that hear every transition. Plugin blocks are checked
 * ({@link #check}) before a configuration is applied; a check or notifier that still cannot be created
 * is logged with its {@code file:line} and left out alone; everything else runs on.
 */
final class Extensions implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Extensions.class);
    /**
     * How long a stop (or a reload replacing the notifiers) waits for the queued notifications, STOP
     * included: long enough for one delivery to a mail server or webhook, short enough that a dead
     * one does not hold up the stop (docs/plugins.md).
     */
    private static final Duration NOTIFY_DRAIN = Duration.ofSeconds(2);

    private final PluginHost host;
    private final LazyRegistry registry;
    /** The notifiers' counts, kept across the dispatchers a reload replaces. */
    private final NotificationCounts notificationCounts = new NotificationCounts();
    private final TrackerListener trackers;
    private CheckScheduler checks;
    private boolean closed;
    private Object checksShape;
    private NotifierDispatcher notifiers;
    private Object notifiersShape;
    private volatile TransitionEvents events;
    /** The configuration in force, its scripts prepared. */
    private volatile ConfiguredScripts scripts;
    /** The one before the last reload: where a removed instance's notify scripts are. */
    private volatile ConfiguredScripts previousScripts;

    private Extensions(PluginHost host, LazyRegistry registry, TrackerListener trackers) {
        this.host = host;
        this.registry = registry;
        this.trackers = trackers;
        registry.whenMade(notificationCounts::bindTo);
    }

    /**
     * Starts the plugins of {@code host} unless they run already or {@code config} needs none
     * ({@link PluginBlocks#needed}); broken ones are logged and skipped.
     */
    static Extensions start(PluginHost host, LazyRegistry registry, TrackerListener trackers,
                            KeepalivedConfig config) {
        if (host.isStarted() || startIfNeeded(host, config)) {
            logPlugins(host);
        } else {
            LOG.info("plugins: not loaded, the configuration needs none");
        }
        return new Extensions(host, registry, trackers);
    }

    /** Starts the plugins when {@code config} needs them and they are not running; whether it started them. */
    private static boolean startIfNeeded(PluginHost host, KeepalivedConfig config) {
        if (host.isStarted() || !PluginBlocks.needed(host, config)) {
            return false;
        }
        host.start();
        return true;
    }

    private static void logPlugins(PluginHost host) {
        for (PluginInfo plugin : host.plugins()) {
            LOG.info("plugin {} {} ({}): checks {}, notifiers {}", plugin.id(), plugin.version(), plugin.state(),
                    plugin.checkTypes(), plugin.notifierTypes());
        }
        host.problems().forEach(p -> LOG.error("plugin {} not loaded: {}", p.path(), p.message()));
    }

    /**
     * The errors of the configuration's plugin blocks (empty: it can be applied). The plugins start
     * here if the running configuration did not need them and this one does.
     */
    List<Diagnostic> check(KeepalivedConfig next) {
        if (startIfNeeded(host, next)) {
            logPlugins(host);
        }
        return PluginBlocks.check(host, next);
    }

    /** Applies a configuration: rebuilds checks and notifiers only where what they read has changed. */
    synchronized void apply(KeepalivedConfig next) {
        if (closed) {
            return;
        }
        applyNotifiers(next);
        applyChecks(next);
    }

    /**
     * Starts the plugins' checks ({@code vrrp_check}) some instance tracks, after the instances exist
     * so that no first result is lost. The core's own trackers ({@code vrrp_script}) are not here:
     * {@link CoreTrackers} starts them with the instances, without waiting for the plugins.
     */
    synchronized void applyChecks(KeepalivedConfig next) {
        if (closed) {
            return; // a stop came first: start nothing that no one will close
        }
        GlobalSettings globals = PluginSettings.globals(next);
        Map<String, ConfigNode> blocks = new LinkedHashMap<>();
        for (String name : CoreTrackers.trackedNames(next)) {
            if (next.script(name).isEmpty()) {
                Optional.ofNullable(next.checks().get(name)).ifPresent(b -> blocks.put(name, b));
            }
        }
        Object shape = List.of(blocks, globals);
        if (!shape.equals(checksShape)) {
            if (checks != null) {
                checks.close();
            }
            checks = schedule(blocks, globals);
            checksShape = shape;
        }
    }

    /** Sets up the notifiers (before the instances start, so their first transitions are heard). */
    synchronized void applyNotifiers(KeepalivedConfig next) {
        if (closed) {
            return;
        }
        this.previousScripts = scripts;
        this.scripts = prepared(next);
        GlobalSettings globals = PluginSettings.globals(next);
        if (events == null) {
            events = new TransitionEvents(globals.routerId());
        } else {
            events.routerId(globals.routerId());
        }
        Object notifierShape = List.of(next.notifiers(), globals);
        if (!notifierShape.equals(notifiersShape)) {
            NotifierDispatcher old = notifiers;
            notifiers = new NotifierDispatcher(notifiers(next, globals), notificationCounts);
            notifiersShape = notifierShape;
            if (old != null) {
                old.close(NOTIFY_DRAIN);
            }
        }
    }

    /** Hands a transition to every notifier; never blocks (called on the VRRP thread). */
    void publish(Transition transition) {
        NotifierDispatcher dispatcher = notifiers;
        TransitionEvents mapper = events;
        ConfiguredScripts current = scripts;
        if (dispatcher != null && mapper != null) {
            // The configuration is replaced before the instances are: an instance stopping that the
            // configuration in force no longer has was removed by a reload.
            boolean removed = current != null && current.runnable().instance(transition.instance()).isEmpty();
            mapper.of(transition, removed).forEach(dispatcher::publish);
        }
    }

    /** Hands an address conflict to every notifier, in its instance's lane; never blocks (VRRP thread). */
    void publish(AddressConflictEvent conflict) {
        NotifierDispatcher dispatcher = notifiers;
        if (dispatcher != null) {
            dispatcher.publish(conflict);
        }
    }

    /** This host's router id as notifiers hear it ({@code router_id}, else the host name). */
    String routerId() {
        TransitionEvents mapper = events;
        return mapper == null ? "" : mapper.routerId();
    }

    /** The scripts of {@code next}, prepared once per configuration (the notifiers' are reused). */
    private ConfiguredScripts prepared(KeepalivedConfig next) {
        ConfiguredScripts current = scripts;
        return current != null && current.runnable() == next ? current : ConfiguredScripts.prepare(next);
    }

    private CheckScheduler schedule(Map<String, ConfigNode> blocks, GlobalSettings globals) {
        CheckScheduler scheduler = new CheckScheduler(Ticker.system(), trackers, registry);
        blocks.forEach((name, block) -> {
            try {
                HealthCheck check = host.createCheck(name, block, globals);
                String type = block.value("type").orElse("");
                scheduler.add(name, check, HealthCheckSettings.of(block),
                        host.checkOrigin(type).orElse("check type " + type));
            } catch (RuntimeException | LinkageError e) {
                LOG.error("{}: {} not started; whatever tracks it keeps its initial state", e.getMessage(), name);
            }
        });
        scheduler.start();
        return scheduler;
    }

    private List<NamedNotifier> notifiers(KeepalivedConfig cfg, GlobalSettings globals) {
        List<NamedNotifier> list = new ArrayList<>();
        list.add(new NamedNotifier("notify scripts", "script", new NotifyScriptNotifier(
                () -> Stream.of(scripts, previousScripts).filter(Objects::nonNull).toList())));
        // Each block stands alone: one that cannot be created is logged by the host and left out.
        list.addAll(host.createNotifiers(cfg.notifiers(), globals));
        return list;
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (checks != null) {
            checks.close();
        }
        if (notifiers != null) {
            notifiers.close(NOTIFY_DRAIN);
        }
        host.close();
    }
}
