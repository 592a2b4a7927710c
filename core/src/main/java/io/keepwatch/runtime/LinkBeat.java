package io.keepwatch.runtime;

import io.keepwatch.config.model.KeepalivedConfig;
import io.keepwatch.config.model.LinkBeat.Probe;
import io.keepwatch.config.model.TrackedInterface;
import io.keepwatch.config.model.VrrpInstanceConfig;
import io.keepwatch.linux.LinkFlags;
import io.keepwatch.linux.NativeException;
import io.keepwatch.linux.Threads;
import java.time.Duration;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * keepalived's linkbeat ({@code linkbeat_use_polling}, {@code linkbeat_interfaces}): the carrier
 * of each polled interface is read every second (SIOCGIFFLAGS: up and running) on a thread of its
 * own, and its changes go to the VRRP thread as link changes; rtnetlink's word on these interfaces'
 * flags is ignored, as keepalived ignores it. Owns the set of polled interfaces and their last state.
 */
final class LinkBeat implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(LinkBeat.class);
    /** keepalived's POLLING_DELAY. */
    private static final Duration INTERVAL = Duration.ofSeconds(1);

    private final VrrpLoop loop;
    /** Records a link's state on the VRRP thread ({@link Instances#linkState}). */
    private final BiConsumer<String, Boolean> linkState;
    private volatile Set<String> polled = Set.of();
    /** The state each polled interface had at its last poll. */
    private final Map<String, Boolean> last = new ConcurrentHashMap<>();
    private Thread poller;
    private volatile boolean closed;

    LinkBeat(VrrpLoop loop, BiConsumer<String, Boolean> linkState) {
        this.loop = loop;
        this.linkState = linkState;
    }

    /**
     * Polls what {@code config} asks for from now on: the interfaces of {@code linkbeat_interfaces},
     * and with {@code linkbeat_use_polling} (top level, or in the instance) each instance's
     * interface. As keepalived, an interface no instance uses or tracks is not polled, nor is a VMAC
     * (rtnetlink works for it); keepwatch reads the flags whatever probe a line names.
     */
    synchronized void configure(KeepalivedConfig config) {
        io.keepwatch.config.model.LinkBeat beat = config.linkBeat();
        Set<String> used = new HashSet<>();
        Set<String> wanted = new LinkedHashSet<>(beat.interfaces().keySet());
        for (VrrpInstanceConfig i : config.instances()) {
            used.add(i.interfaceName());
            i.trackInterfaces().stream().map(TrackedInterface::name).forEach(used::add);
            used.addAll(config.statics().trackedInterfaces(i.name()));
            if (beat.usePolling() && !i.vmac().enabled()) wanted.add(i.interfaceName());
        }
        config.syncGroups().forEach(g -> g.trackInterfaces().stream().map(TrackedInterface::name).forEach(used::add));
        Set<String> next = new LinkedHashSet<>();
        for (String name : wanted) {
            if (!used.contains(name)) {
                LOG.info("Turning off linkbeat for {} since not used for tracking", name);
                continue;
            }
            Probe probe = beat.interfaces().getOrDefault(name, Probe.ANY);
            if (probe == Probe.MII || probe == Probe.ETHTOOL) {
                LOG.info("({}): Configured linkbeat type {} not supported, using IOCTL", name, probe);
            }
            next.add(name);
        }
        last.keySet().retainAll(next);
        polled = Set.copyOf(next);
        if (!next.isEmpty() && poller == null) {
            LOG.info("Using MII-BMSR/ETHTOOL NIC polling thread(s)...");
            poller = Threads.startPlatformDaemon("keepwatch-linkbeat", this::pollLoop);
        }
    }

    /** Whether {@code name}'s state comes from polling, so that rtnetlink's is ignored. */
    boolean polls(String name) {
        return polled.contains(name);
    }

    /**
     * Records again the polled state of each polled interface, on the VRRP thread: after a link
     * dump (a start, a netlink overrun) that recorded rtnetlink's view of them.
     */
    void reassert() {
        last.forEach(linkState);
    }

    private void pollLoop() {
        try (LinkFlags flags = LinkFlags.open()) {
            while (!closed) {
                for (String name : polled) {
                    boolean up = flags.upAndRunning(name);
                    Boolean before = last.put(name, up);
                    if (before == null || before != up) {
                        if (before != null) LOG.info("Linkbeat reports {} {}", name, up ? "up" : "down");
                        else LOG.info("Linkbeat polls {}: {}", name, up ? "up" : "down");
                        loop.execute(() -> {
                            if (polls(name)) linkState.accept(name, up);
                        });
                    }
                }
                Thread.sleep(INTERVAL);
            }
        } catch (NativeException e) {
            LOG.error("open linkbeat socket failed: {}; polled interfaces keep their last state", e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public synchronized void close() {
        closed = true;
        if (poller != null) poller.interrupt();
    }
}
