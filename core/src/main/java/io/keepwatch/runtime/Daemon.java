package io.keepwatch.runtime;

import io.keepwatch.config.ConfigLoader;
import io.keepwatch.config.ConfigResult;
import io.keepwatch.config.diagnostic.Diagnostic;
import io.keepwatch.config.model.KeepalivedConfig;
import io.keepwatch.linux.Link;
import io.keepwatch.linux.LinkNames;
import io.keepwatch.linux.NetlinkEvent;
import io.keepwatch.linux.NetlinkMonitor;
import io.keepwatch.linux.ReceiveBuffer;
import io.keepwatch.plugin.api.AddressConflictEvent;
import io.keepwatch.plugins.LazyRegistry;
import io.keepwatch.plugins.PluginHost;
import io.keepwatch.plugins.Ticker;
import io.keepwatch.plugins.TrackerListener;
import io.keepwatch.runtime.net.LinuxDataPlane;
import io.keepwatch.runtime.net.LocalIgmpReports;
import io.keepwatch.runtime.net.PromoteSecondaries;
import io.keepwatch.runtime.net.SysctlLedger;
import io.keepwatch.runtime.net.RoutingPlane;
import io.keepwatch.runtime.witness.FenceTiming;
import io.keepwatch.script.ConfiguredScripts;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running daemon: one {@link VrrpLoop} that owns every instance, the Linux data plane, a
 * netlink watcher for links, and signal handling (TERM/INT stop, HUP reload).
 *
 * <p>Threads: the VRRP thread runs everything that touches instances. Socket readers decode and
 * hand over; the netlink watcher hands over link changes; a reload parses the new file on a thread
 * of its own and hands over the parsed result, so a slow disk never delays an advert.
 */
public final class Daemon {

    private static final Logger LOG = LoggerFactory.getLogger(Daemon.class);

    /** keepalived's start and stop lines name its version; these name keepwatch's. */
    private static final String VERSION = Objects.requireNonNullElse(
            Daemon.class.getPackage().getImplementationVersion(), "(development build)");

    private final Path configFile;
    private final String configId;
    private final VrrpLoop loop = new VrrpLoop(Ticker.system());
    private final ProcessTuning tuning = new ProcessTuning(loop);
    private final VipFirewall firewall = new VipFirewall();
    private final CountDownLatch stopped = new CountDownLatch(1);
    private final CountDownLatch resigned = new CountDownLatch(1);
    private final PluginHost plugins;
    private final LazyRegistry registry;
    private final RuntimeObserver observer;
    /** The election instances' dealings with their witnesses. */
    private final Elections elections;
    /**
     * Set on the VRRP thread once plugins are loaded; transitions (and address conflicts) before that
     * wait in {@link #early}, in order.
     */
    private volatile Extensions extensions;
    private final List<Object> early = new ArrayList<>();
    private Runnable whenRunning = () -> { };
    private volatile LinuxDataPlane dataPlane;
    /** linkbeat_use_polling, linkbeat_interfaces: the interfaces polled rather than followed through rtnetlink. */
    private volatile LinkBeat linkBeat;
    private volatile VirtualRoutes routes;
    private NetlinkMonitor monitor;
    private Instances instances;
    /** The notify FIFOs; every transition passes them on its way to {@link #publish}. */
    private volatile NotifyFifos fifos;
    private volatile MasterRxLowerPriorityScripts rxLowerPriority;
    private volatile KeepalivedConfig config;
    private volatile boolean stopping;
    /** Tracker changes from the core's trackers and the plugins' checks, handed to the VRRP thread. */
    private final TrackerListener trackerChanges =
            (name, up, message) -> loop.offer(() -> instances.trackerChanged(name, up, message));
    private final CoreTrackers coreTrackers;
    /** witness NAME: the witnesses' sessions and the fences of the instances that use them. */
    private final WitnessWiring witnesses = new WitnessWiring(loop, () -> instances);
    /** True once the loaded plugins are attached on the loop; false if the loop stopped first. */
    private final CompletableFuture<Boolean> extensionsAttached = new CompletableFuture<>();

    /**
     * @param plugins  the plugins, started already when the configuration's plugin blocks were checked
     *                 before the start (see {@link PluginBlocks}), else started after the instances if
     *                 the configuration needs them ({@link PluginBlocks#needed})
     * @param registry where the daemon's and the plugins' meters go, made when first needed
     * @param observer watches instances, adverts and dump requests (metrics, status)
     */
    public Daemon(Path configFile, String configId, PluginHost plugins, LazyRegistry registry,
                  RuntimeObserver observer) {
        // split_brain_heal acts on the conflicts and transitions the observers hear; the notifiers hear the conflicts
        this.elections = new Elections(plugins, this::toElected, this::electedLease, this::electedHolder);
        this.observer = RuntimeObserver.all(List.of(
                new SplitBrainHealer(name -> instances == null ? null : instances.runtime(name)), observer, elections,
                new ConflictNotices(conflictSink(), Clock.systemUTC())));
        this.configFile = configFile;
        this.configId = configId;
        this.plugins = plugins;
        this.registry = registry;
        this.coreTrackers = new CoreTrackers(registry, trackerChanges,
                (name, level, message) -> loop.offer(() -> instances.trackerLevel(name, level, message)));
    }

    /**
     * Starts with {@code loaded} (already loaded and checked; its disabled scripts left out) and blocks
     * until stopped.
     *
     * @return the process exit code
     */
    public int run(KeepalivedConfig loaded) throws IOException, InterruptedException {
        if (stopping) {
            // asked to stop (control socket) before it started: nothing was touched yet
            return 0;
        }
        LOG.info("Starting keepwatch {}", VERSION);
        // first: keepalived applies umask as it reads the file, before it creates any file
        tuning.apply(loaded.global().process());
        LifecycleScripts.run("startup_script", loaded.global().lifecycle().startupScript(), loaded.global());
        ConfiguredScripts scripts = preparedScripts(loaded);
        KeepalivedConfig initial = scripts.runnable();
        this.config = initial;
        sysctls.restoreLeftovers();
        firewall.start(initial);
        promoteSecondaries.apply(initial);
        localIgmp.start(initial);
        NotifyFifos notifyFifos = new NotifyFifos(this::publish);
        notifyFifos.start(initial);
        fifos = notifyFifos;
        ReceiveBuffer cmdBuffer = ReceiveBufferSizes.of(initial.global().receiveBuffers().netlinkCmd());
        dataPlane = LinuxDataPlane.open(InstanceSpecs.garpPacing(initial), cmdBuffer, sysctls);
        loop.beforeTimers(dataPlane::catchUp);
        dataPlane.logUnknownVrids(initial.global().host().logUnknownVrids());
        dataPlane.observeVmacs(firewall);
        // Made here, not in the start task, so that link events that come before that task have the
        // link table to go to; nothing in it runs until the task starts the instances.
        routes = new VirtualRoutes(RoutingPlane.open(cmdBuffer));
        rxLowerPriority = new MasterRxLowerPriorityScripts(notifyFifos);
        rxLowerPriority.apply(scripts);
        instances = new Instances(loop, dataPlane, routes.around(rxLowerPriority), Clock.systemUTC(), observer,
                coreTrackers);
        instances.fenceWith(witnesses.fences());
        linkBeat = new LinkBeat(loop, instances::linkState);
        linkBeat.configure(initial);
        loop.start();
        // The core's trackers start first, as keepalived runs its scripts as its instances start:
        // results that come before the start task only update the trackers' own state, which the
        // instances read as they start, and later ones reach them as events. (A stop closes them,
        // and then they start nothing.)
        coreTrackers.apply(scripts);
        // Handle signals before any instance can become master: the JVM's default for HUP and TERM
        // is to exit at once, which would leave VIPs behind without a priority 0 advert. A request
        // is queued on the loop, so it waits behind the instances' start.
        SignalRelay.install(this::onSignal);
        // Subscribe to link and address changes before the start task reads the links, so that no
        // change can fall between the two; events that come first only update the link table.
        NetlinkMonitor links = NetlinkMonitor.start("keepwatch-netlink",
                event -> loop.offer(() -> onNetlink(event)), false,
                ReceiveBufferSizes.of(initial.global().receiveBuffers().netlinkMonitor()), cmdBuffer);
        synchronized (this) {
            monitor = links;
        }
        CountDownLatch started = new CountDownLatch(1);
        loop.execute(() -> {
            routes.start(initial);
            instances.startAll(initial, safeLinks());
            started.countDown();
        });
        started.await();
        // The instances run from here: an address owner has sent its first advert. What VRRP can
        // start without (plugins, the HTTP endpoint) comes after it, so that start-up time is the
        // protocol's, not the plugins'.
        if (!stopping) {
            reloadTimer.configure(initial);
            startExtensions();
        }
        stopped.await();
        return 0;
    }

    /** Plugins, checks and the late start hook; a stop that comes meanwhile wins. */
    private void startExtensions() throws InterruptedException {
        Extensions loaded = Extensions.start(plugins, registry, trackerChanges, config);
        loaded.applyNotifiers(config);
        witnesses.apply(plugins, config);
        elections.apply(config);
        try {
            loop.execute(() -> {
                extensions = loaded;
                for (Object event : early) {
                    if (event instanceof Transition transition) {
                        loaded.publish(transition);
                    } else {
                        loaded.publish((AddressConflictEvent) event);
                    }
                }
                early.clear();
                extensionsAttached.complete(true);
            });
        } catch (IllegalStateException stoppedMeanwhile) {
            loaded.close();
            return;
        }
        // A stop can end the loop before it runs that task; finishStop then answers false.
        if (!extensionsAttached.join()) {
            loaded.close();
            return;
        }
        if (stopping) {
            return; // finishStop closes the extensions; the endpoint is not worth opening now
        }
        // The plugins' checks start only now, so their first results find the instances there to take them.
        // (A stop from here on closes the extensions, which then start nothing.)
        loaded.applyChecks(config);
        whenRunning.run();
        LOG.info("keepwatch running {} instance(s) from {}", config.instances().size(), configFile);
    }

    /**
     * Something to start once the instances and plugins run, before {@link #run} settles into
     * waiting (the HTTP endpoint). Set it before {@link #run}.
     */
    public void whenRunning(Runnable hook) {
        this.whenRunning = hook;
    }

    /** On the VRRP thread: to the notifiers, or kept in order until the plugins are loaded. */
    private void publish(Transition transition) {
        firewall.transition(transition);
        Extensions loaded = extensions;
        if (loaded == null) {
            early.add(transition);
        } else {
            loaded.publish(transition);
        }
    }

    /** Address conflicts to the notifiers, as transitions go: in order, kept until the plugins are loaded. */
    private ConflictNotices.Sink conflictSink() {
        return new ConflictNotices.Sink() {
            @Override
            public String routerId() {
                Extensions loaded = extensions;
                return loaded != null ? loaded.routerId() : PluginSettings.globals(config).routerId();
            }

            @Override
            public void publish(AddressConflictEvent event) {
                Extensions loaded = extensions;
                if (loaded == null) {
                    early.add(event);
                } else {
                    loaded.publish(event);
                }
            }
        };
    }

    /** Every link, not only the instances' own: track_interface may name any of them. */
    private List<Link> safeLinks() {
        try {
            return dataPlane.links();
        } catch (IOException e) {
            LOG.warn("cannot list interfaces: {}", e.getMessage());
            return List.of();
        }
    }

    private void onSignal(SignalRelay.Request request) {
        // An if chain, not a switch on the enum: the first request is usually a SIGTERM, and its
        // priority-0 adverts are on the failover fast path (see this package's package-info).
        if (request == SignalRelay.Request.STOP) {
            stop();
        } else if (request == SignalRelay.Request.RELOAD) {
            Thread.ofVirtual().name("keepwatch-reload").start(this::reload);
        } else {
            observer.dumpRequested(request);
        }
    }

    /**
     * Stops as SIGTERM does (the control socket's {@code stop}): the same request, handled on a
     * new platform thread as the JVM handles a signal. The caller may be a virtual thread, on
     * which netlink cannot wait for the kernel's answer to an address removal.
     */
    public void requestStop() {
        Thread.ofPlatform().name("keepwatch-stop-request").start(() -> onSignal(SignalRelay.Request.STOP));
    }

    /**
     * Whether the VRRP thread runs tasks: true when a task queued now runs within {@code timeout}.
     * A stuck or dead thread means no adverts, which a health check must see.
     */
    public boolean responsive(Duration timeout) {
        if (stopping) {
            return false;
        }
        CountDownLatch ran = new CountDownLatch(1);
        try {
            loop.execute(ran::countDown);
            return ran.await(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (IllegalStateException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /**
     * Parses the file again and checks its plugin blocks; applies it only if it has no errors
     * (otherwise the old one runs on).
     *
     * @return why it was refused, empty when it is applied
     */
    public Optional<String> reload() {
        // One at a time: a SIGHUP and a keepwatch reload arriving together apply in turn.
        synchronized (reloading) {
            return reloadNow();
        }
    }

    private Optional<String> reloadNow() {
        KeepalivedConfig current = config;
        if (current != null) {
            reloadFiles.reading(current);
        }
        ConfigResult result = ConfigLoader.load(configFile, configId, LinkNames.existing());
        result.warnings().forEach(d -> LOG.warn("{}", d));
        List<Diagnostic> errors = new ArrayList<>(result.errors());
        Extensions loaded = null;
        if (errors.isEmpty() && result.config().isPresent()) {
            // Plugin blocks are checked by the plugins, which may still be loading after a start.
            if (!extensionsAttached.join()) {
                return Optional.of("keepwatch is stopping");
            }
            loaded = extensions;
            errors.addAll(loaded.check(result.config().get()));
        }
        boolean failed = !errors.isEmpty() || result.config().isEmpty();
        if (current != null) {
            List<Diagnostic> all = new ArrayList<>(result.warnings());
            all.addAll(errors);
            reloadFiles.read(current, all, failed)
                    .ifPresent(log -> LOG.info("New config failed validation, see {} for details", log));
        }
        if (failed) {
            errors.forEach(d -> LOG.error("{}", d));
            String refused = "reload refused: " + errors.size() + " error(s) in " + configFile
                    + "; the running configuration stays";
            LOG.error(refused);
            return Optional.of(refused + "\n" + errors.stream().map(Diagnostic::toString)
                    .collect(Collectors.joining("\n")));
        }
        ConfiguredScripts scripts = preparedScripts(result.config().get());
        KeepalivedConfig next = scripts.runnable();
        loaded.apply(next);
        witnesses.apply(plugins, next);
        coreTrackers.apply(scripts);
        rxLowerPriority.apply(scripts);
        fifos.configure(next);
        tuning.apply(next.global().process());
        dataPlane.logUnknownVrids(next.global().host().logUnknownVrids());
        dataPlane.garpPacing(InstanceSpecs.garpPacing(next));
        firewall.reload(next);
        promoteSecondaries.apply(next);
        linkBeat.configure(next);
        loop.execute(() -> {
            if (stopping) {
                return;
            }
            if (instances == null || !instances.started()) {
                LOG.warn("reload came before the instances started; it is not applied (send SIGHUP again)");
                return;
            }
            fifos.reloadStarting();
            instances.apply(config, next);
            Thread.ofVirtual().name("keepwatch-reload-elections").start(() -> elections.apply(next));
            routes.reloaded(next);
            fifos.reloadDone(instances.statuses());
            config = next;
            LOG.info("reloaded {}", configFile);
        });
        if (current != null) {
            reloadFiles.applied(current, next);
        }
        reloadTimer.configure(next);
        return Optional.empty();
    }

    /**
     * The scripts of a configuration, prepared; its {@code runnable()} configuration leaves out the
     * scripts keepalived would disable (unknown user, not found, unsafe under enable_script_security),
     * each logged with the reason, as keepalived does when it reads its file: a disabled vrrp_script
     * is tracked by no one.
     */
    private static ConfiguredScripts preparedScripts(KeepalivedConfig config) {
        ConfiguredScripts scripts = ConfiguredScripts.prepare(config);
        scripts.warnings().forEach(w -> LOG.warn("{}", w));
        scripts.problems().forEach(p -> LOG.error("{}", p));
        return scripts;
    }

    /** An event for an election instance, from its run's thread; completes once carried out. */
    private CompletableFuture<Void> toElected(String name, io.keepwatch.vrrp.VrrpEvent event) {
        var done = new CompletableFuture<Void>();
        boolean queued = loop.offer(() -> {
            try {
                InstanceRuntime runtime = instances == null ? null : instances.runtime(name);
                if (runtime != null) {
                    runtime.deliver(event, loop.now());
                }
            } finally {
                done.complete(null);
            }
        });
        if (!queued) {
            done.complete(null);
        }
        return done;
    }

    /** An election instance's session validity, for its addresses' kernel lifetimes (empty: lost). */
    private void electedLease(String name, OptionalLong validUntil) {
        loop.offer(() -> {
            InstanceRuntime runtime = instances == null ? null : instances.runtime(name);
            if (runtime != null && runtime.network() instanceof ElectedNetwork network) {
                validUntil.ifPresentOrElse(v -> {
                    long now = loop.now();
                    network.renew(v, now);
                    long last = FenceTiming.lastLifetimeNanos(v);
                    if (last - now > 0) {
                        loop.schedule(network, last); // replaced by the next renewal's
                    }
                }, () -> {
                    network.sessionLost();
                    loop.cancel(network);
                });
            }
        });
    }

    /** Who holds an election instance's key, for its status. */
    private void electedHolder(String name, Optional<String> holder) {
        loop.offer(() -> {
            InstanceRuntime runtime = instances == null ? null : instances.runtime(name);
            if (runtime != null && runtime.network() instanceof ElectedNetwork network && network.holder(holder)) {
                runtime.publish();
            }
        });
    }

    /** Resigns every master (priority 0), removes the VIPs, and lets {@link #run} return. */
    public void stop() {
        if (stopping) {
            return;
        }
        stopping = true;
        // Resign first, on the calling thread (often the signal handler) when the loop is idle: the
        // backups' Skew_Time starts with our priority-0 advert, so nothing may come before it.
        loop.runSoon(resignAll);
        Thread.ofPlatform().name("keepwatch-stop").start(this::finishStop);
    }

    private final Object reloading = new Object();
    private final ReloadFiles reloadFiles = new ReloadFiles();
    /** The sysctls changed below, on disk until put back: the next start after a kill -9 puts them back. */
    private final SysctlLedger sysctls = new SysctlLedger();
    private final PromoteSecondaries promoteSecondaries = new PromoteSecondaries(sysctls);
    private final LocalIgmpReports localIgmp = new LocalIgmpReports(sysctls);
    /** reload_time_file: a scheduled reload runs as SIGHUP's does. */
    private final ReloadTimer reloadTimer = new ReloadTimer(
            () -> Thread.ofVirtual().name("keepwatch-reload").start(this::reload));

    /** Created with the daemon so that stopping links no new lambda before the priority-0 adverts. */
    private final Runnable resignAll = this::resignAll;

    private void resignAll() {
        if (instances != null) {
            instances.stopAll();
        }
        resigned.countDown();
    }

    private void finishStop() {
        LOG.info("Stopping");
        reloadTimer.close();
        try {
            resigned.await(2, TimeUnit.SECONDS);
            elections.close(); // the keys go only after the addresses did
            loop.stop(1, TimeUnit.SECONDS);
        } catch (InterruptedException | IllegalStateException e) {
            LOG.warn("stopping: {}", e.toString());
        } finally {
            extensionsAttached.complete(false);
            coreTrackers.close();
            if (linkBeat != null) {
                linkBeat.close();
            }
            synchronized (this) {
                if (monitor != null) {
                    monitor.close();
                }
            }
            NotifyFifos open = fifos;
            if (open != null) {
                open.close();
            }
            witnesses.close();
            Extensions loaded = extensions;
            if (loaded != null) {
                loaded.close();
            }
            if (routes != null) {
                routes.stop();
            }
            if (dataPlane != null) {
                dataPlane.close();
            }
            firewall.close();
            promoteSecondaries.close();
            localIgmp.close();
            KeepalivedConfig last = config;
            if (last != null) {
                LifecycleScripts.run("shutdown_script", last.global().lifecycle().shutdownScript(), last.global());
            }
            LOG.info("Stopped keepwatch {}", VERSION);
            stopped.countDown();
        }
    }

    /**
     * Link and address changes, on the VRRP thread. An if chain rather than a switch on the event's
     * type: the first event a daemon sees is often the VIP it has just added on taking over, on the
     * failover fast path (see this package's package-info).
     */
    private void onNetlink(NetlinkEvent event) {
        if (event instanceof NetlinkEvent.LinkChanged(Link link)) {
            instances.linkIndex(link.name(), link.index());
            if (!linkBeat.polls(link.name())) instances.linkState(link.name(), LinkTable.usable(link));
            dataPlane.linkChanged(link.name());
            routes.linkState(link.name(), LinkTable.usable(link));
        } else if (event instanceof NetlinkEvent.LinkRemoved(Link link)) {
            instances.linkRemoved(link.name());
        } else if (event instanceof NetlinkEvent.Snapshot snapshot) {
            instances.linkSnapshot(snapshot.links());
            linkBeat.reassert();
            instances.sourceAddresses();
        } else if (event instanceof NetlinkEvent.Stopped(Exception cause)) {
            LOG.error("link watcher stopped: {}; link changes are no longer seen", cause.toString());
        } else if (event instanceof NetlinkEvent.AddressAdded) {
            instances.addressAdded();
            instances.sourceAddresses();
        } else if (event instanceof NetlinkEvent.AddressRemoved) {
            instances.sourceAddresses();
            routes.onNetlink(event, instances::deleted);
        } else if (event instanceof NetlinkEvent.RouteRemoved || event instanceof NetlinkEvent.RuleRemoved) {
            routes.onNetlink(event, instances::deleted);
        }
    }
}
