package io.keepwatch.runtime;

import io.keepwatch.config.ConfigLoader;
import io.keepwatch.config.ConfigResult;
import io.keepwatch.config.Diagnostic;
import io.keepwatch.config.model.KeepalivedConfig;
import io.keepwatch.config.model.SyncGroupConfig;
import io.keepwatch.linux.Link;
import io.keepwatch.linux.NetlinkEvent;
import io.keepwatch.linux.NetlinkMonitor;
import io.keepwatch.runtime.net.LinuxDataPlane;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
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

    private final Path configFile;
    private final String configId;
    private final VrrpLoop loop = new VrrpLoop(Ticker.SYSTEM);
    private final CountDownLatch stopped = new CountDownLatch(1);
    private final Map<String, Boolean> linkUp = new HashMap<>();
    private final TransitionListener listener;
    private LinuxDataPlane dataPlane;
    private NetlinkMonitor monitor;
    private Instances instances;
    private KeepalivedConfig config;
    private volatile boolean stopping;

    public Daemon(Path configFile, String configId, TransitionListener listener) {
        this.configFile = configFile;
        this.configId = configId;
        this.listener = listener;
    }

    /**
     * Starts with {@code initial} (already loaded and checked) and blocks until stopped.
     *
     * @return the process exit code
     */
    public int run(KeepalivedConfig initial) throws IOException, InterruptedException {
        this.config = initial;
        dataPlane = LinuxDataPlane.open(initial.global().garp().interval(), initial.global().garp().gnaInterval());
        loop.start();
        CountDownLatch started = new CountDownLatch(1);
        loop.execute(() -> {
            instances = new Instances(loop, dataPlane, listener, Clock.systemUTC());
            for (Link link : safeLinks()) {
                linkUp.put(link.name(), isUp(link));
            }
            instances.startAll(initial, linkUp);
            started.countDown();
        });
        // Handle signals before any instance can become master: the JVM's default for HUP and TERM
        // is to exit at once, which would leave VIPs behind without a priority 0 advert. Whatever a
        // signal asks is queued on the loop behind the start above.
        SignalRelay.install(this::onSignal);
        started.await();
        NetlinkMonitor links = NetlinkMonitor.start("keepwatch-netlink",
                event -> loop.execute(() -> onNetlink(event)), false);
        synchronized (this) {
            monitor = links;
        }
        if (stopping) {
            links.close();
        }
        LOG.info("keepwatch running {} instance(s) from {}", initial.instances().size(), configFile);
        stopped.await();
        return 0;
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

    private static boolean isUp(Link link) {
        return link.isUp() && link.isRunning();
    }

    private void onSignal(SignalRelay.Request request) {
        switch (request) {
            case STOP -> stop();
            case RELOAD -> Thread.ofVirtual().name("keepwatch-reload").start(this::reload);
            case DUMP_STATE, DUMP_STATS -> loop.execute(() -> LOG.info("state: {}", instances.status()));
        }
    }

    /** Parses the file again; applies it only if it has no errors (otherwise the old one runs on). */
    void reload() {
        ConfigResult result = ConfigLoader.load(configFile, configId);
        result.warnings().forEach(d -> LOG.warn("{}", d));
        if (!result.errors().isEmpty() || result.config().isEmpty()) {
            result.errors().forEach(d -> LOG.error("{}", d));
            LOG.error("reload refused: {} error(s) in {}; the running configuration stays", result.errors().size(),
                    configFile);
            return;
        }
        KeepalivedConfig next = result.config().get();
        loop.execute(() -> {
            if (stopping) {
                return;
            }
            instances.apply(config, next, linkUp);
            config = next;
            LOG.info("reloaded {}", configFile);
        });
    }

    /** Resigns every master (priority 0), removes the VIPs, and lets {@link #run} return. */
    public void stop() {
        if (stopping) {
            return;
        }
        stopping = true;
        Thread.ofPlatform().name("keepwatch-stop").start(() -> {
            try {
                CountDownLatch done = new CountDownLatch(1);
                loop.execute(() -> {
                    instances.stopAll();
                    done.countDown();
                });
                done.await(2, TimeUnit.SECONDS);
                loop.stop(1, TimeUnit.SECONDS);
            } catch (InterruptedException | IllegalStateException e) {
                LOG.warn("stopping: {}", e.toString());
            } finally {
                synchronized (Daemon.this) {
                    if (monitor != null) {
                        monitor.close();
                    }
                }
                dataPlane.close();
                LOG.info("keepwatch stopped");
                stopped.countDown();
            }
        });
    }

    private void onNetlink(NetlinkEvent event) {
        switch (event) {
            case NetlinkEvent.LinkChanged(Link link) -> linkState(link.name(), isUp(link));
            case NetlinkEvent.LinkRemoved(Link link) -> linkState(link.name(), false);
            case NetlinkEvent.Snapshot snapshot -> {
                Set<String> present = new java.util.HashSet<>();
                for (Link link : snapshot.links()) {
                    present.add(link.name());
                    linkState(link.name(), isUp(link));
                }
                for (String known : List.copyOf(linkUp.keySet())) {
                    if (!present.contains(known)) {
                        linkState(known, false);
                    }
                }
            }
            case NetlinkEvent.Stopped(Exception cause) ->
                    LOG.error("link watcher stopped: {}; link changes are no longer seen", cause.toString());
            case NetlinkEvent.AddressAdded ignored -> instances.addressAdded(linkUp);
            case NetlinkEvent.AddressRemoved ignored -> { }
        }
    }

    private void linkState(String name, boolean up) {
        Boolean before = linkUp.put(name, up);
        if (before == null || before != up) {
            LOG.info("link {} is {}", name, up ? "up" : "down");
            instances.linkChanged(name, up, linkUp);
        }
    }

    /** For configuration messages: sync groups by member name. */
    static Map<String, SyncGroupConfig> groupsByMember(KeepalivedConfig config) {
        Map<String, SyncGroupConfig> byMember = new LinkedHashMap<>();
        for (SyncGroupConfig group : config.syncGroups()) {
            for (String member : group.instances()) {
                byMember.putIfAbsent(member, group);
            }
        }
        return byMember;
    }

    /** One-line reasons a configuration cannot run, for the CLI. */
    static List<String> describe(List<Diagnostic> diagnostics) {
        return diagnostics.stream().map(Diagnostic::toString).toList();
    }
}
