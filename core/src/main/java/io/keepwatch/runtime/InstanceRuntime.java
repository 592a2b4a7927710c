package io.keepwatch.runtime;

import io.keepwatch.config.model.VirtualIpAddress;
import io.keepwatch.config.model.VrrpInstanceConfig;
import io.keepwatch.runtime.net.InstanceNetwork;
import io.keepwatch.vrrp.InstanceSpec;
import io.keepwatch.vrrp.SyncGroup;
import io.keepwatch.vrrp.VirtualAddress;
import io.keepwatch.vrrp.VrrpAction;
import io.keepwatch.vrrp.VrrpEvent;
import io.keepwatch.vrrp.VrrpInstance;
import io.keepwatch.vrrp.VrrpResult;
import io.keepwatch.vrrp.VrrpState;
import io.keepwatch.vrrp.TrackerSpec;
import io.keepwatch.vrrp.VrrpVersion;
import java.io.IOException;
import java.net.InetAddress;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Drives one instance's state machine on the VRRP thread: feeds it events with the time, carries
 * out the actions it returns through the {@link InstanceNetwork}, keeps its deadline in the
 * {@link VrrpLoop}, and tells the {@link TransitionListener} of every state change. A member of a
 * sync group routes its events through the group, whose results may concern other members too.
 *
 * <p>A failed action (a kernel error on an address, a send that fails while the link is going
 * down) is logged and the next action still runs: the election must go on even when one part of
 * the data plane is unhappy.
 */
final class InstanceRuntime implements VrrpLoop.Timed {

    private static final Logger LOG = LoggerFactory.getLogger(InstanceRuntime.class);

    private VrrpInstanceConfig config;
    private final VrrpInstance engine;
    private final VrrpLoop loop;
    private final InstanceNetwork network;
    private final TransitionListener listener;
    private final Clock wallClock;
    private SyncGroup group;
    private Function<String, InstanceRuntime> peers = name -> null;
    private String lastReason = "";
    /** How the log names the way back to INIT at a stop, as notifiers hear it (TransitionEvents). */
    private String endName = "STOP";
    private final RuntimeObserver observer;
    private final ArrayDeque<Transition> recent = new ArrayDeque<>();
    /** Bounded: adverts from forged sources must not grow it without end; the longest silent goes. */
    private final Map<InetAddress, InstanceStatus.Peer> peersHeard = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<InetAddress, InstanceStatus.Peer> eldest) {
            return size() > InstanceStatus.MAX_PEERS;
        }
    };
    private final Map<String, InstanceStatus.Tracker> trackerResults = new LinkedHashMap<>();
    private Instant lastTransition;

    InstanceRuntime(VrrpInstanceConfig config, InstanceSpec spec, VrrpLoop loop, InstanceNetwork network,
                    TransitionListener listener, Clock wallClock) {
        this(config, spec, loop, network, listener, wallClock, RuntimeObserver.NONE);
    }

    InstanceRuntime(VrrpInstanceConfig config, InstanceSpec spec, VrrpLoop loop, InstanceNetwork network,
                    TransitionListener listener, Clock wallClock, RuntimeObserver observer) {
        this.observer = observer;
        this.lastTransition = wallClock.instant();
        this.config = config;
        this.engine = new VrrpInstance(spec);
        this.loop = loop;
        this.network = network;
        this.listener = listener;
        this.wallClock = wallClock;
    }

    /** Puts this instance in a sync group; {@code peers} finds the runtime of another member by name. */
    void joinGroup(SyncGroup syncGroup, Function<String, InstanceRuntime> peerLookup) {
        this.group = syncGroup;
        this.peers = peerLookup;
    }

    String name() {
        return engine.name();
    }

    VrrpInstanceConfig config() {
        return config;
    }

    InstanceSpec spec() {
        return engine.spec();
    }

    VrrpInstance engine() {
        return engine;
    }

    VrrpState state() {
        return engine.state();
    }

    /** What carries out its actions; VRRP thread only. */
    InstanceNetwork network() {
        return network;
    }

    /** A reload removed this instance: its end is DELETED, not STOP. */
    void removedByReload() {
        endName = "DELETED";
    }

    String lastReason() {
        return lastReason;
    }

    Optional<String> groupName() {
        return Optional.ofNullable(group).map(SyncGroup::name);
    }

    /**
     * Takes a reloaded configuration of the same virtual router: the engine keeps its state and
     * acts only on what changed (RFC-neutral; keepalived also keeps instance state over a reload).
     */
    void reconfigure(VrrpInstanceConfig next, InstanceSpec spec, long nowNanos) {
        this.config = next;
        deliver(new VrrpEvent.Reconfigure(spec), nowNanos);
    }

    /** A deadline fell due. */
    @Override
    public void accept(long nowNanos) {
        deliver(VrrpEvent.TICK, nowNanos);
    }

    /** Hands one event to the engine (through the sync group, if any) and carries out the results. */
    void deliver(VrrpEvent event, long nowNanos) {
        heard(event);
        VrrpState groupBefore = group == null ? null : group.state();
        List<VrrpResult> results = group == null
                ? List.of(engine.onEvent(event, nowNanos))
                : group.onEvent(name(), event, nowNanos);
        for (VrrpResult result : results) {
            InstanceRuntime owner = result.instance().equals(name()) ? this : peers.apply(result.instance());
            if (owner == null) {
                LOG.error("{}: result for unknown instance {} dropped", name(), result.instance());
                continue;
            }
            owner.carryOut(result);
            if (owner != this) {
                owner.publish();
            }
        }
        if (group != null) {
            groupMoved(group, groupBefore, name(), lastReason);
        }
        publish(); // once per event for this instance, after all its results
    }

    /** keepalived's line for a sync group that moved, after its members' own lines as keepalived has it. */
    static void groupMoved(SyncGroup group, VrrpState before, String instance, String reason) {
        VrrpState after = group.state();
        if (after != before && after != VrrpState.INIT) {
            LOG.info("{}", TransitionLine.group(group.name(), after, instance, reason));
        }
    }

    /** Remembers what the status shows besides the engine's state: peers heard, tracker results. */
    private void heard(VrrpEvent event) {
        switch (event) {
            case VrrpEvent.AdvertReceived advert -> peersHeard.put(advert.source(),
                    new InstanceStatus.Peer(advert.source(), advert.priority(), wallClock.instant()));
            case VrrpEvent.TrackerChanged changed -> tracked(changed.tracker(), changed.up());
            case VrrpEvent.TrackerLevel changed -> spec().trackers().stream()
                    .filter(t -> t.name().equals(changed.tracker())).findFirst()
                    .ifPresent(t -> tracked(t.name(), t.up(changed.level())));
            case VrrpEvent.LinkChanged changed -> tracked(changed.interfaceName(), changed.up());
            default -> { }
        }
    }

    private void tracked(String name, boolean up) {
        spec().trackers().stream().filter(t -> t.name().equals(name)).findFirst().ifPresent(t ->
                trackerResults.put(name, new InstanceStatus.Tracker(name, t.weight(), up, true,
                        Optional.of(wallClock.instant()))));
    }

    /** Hands observers an immutable snapshot; VRRP thread only. */
    void publish() {
        observer.published(snapshot());
    }

    InstanceStatus snapshot() {
        InstanceSpec spec = spec();
        List<InstanceStatus.Tracker> trackers = new ArrayList<>();
        for (TrackerSpec t : spec.trackers()) {
            trackers.add(trackerResults.getOrDefault(t.name(),
                    new InstanceStatus.Tracker(t.name(), t.weight(), t.initiallyUp(), false, Optional.empty())));
        }
        return new InstanceStatus(name(), groupName(), spec.interfaceName(), spec.vrid(),
                spec.version() == VrrpVersion.V2 ? 2 : 3, config.authentication().type().name(), engine.state(),
                engine.wantState(), spec.basePriority(), engine.effectivePriority(), spec.advertIntervalCentis(),
                spec.preempt(), spec.primaryAddress(), spec.vips(), spec.excludedVips(), trackers,
                List.copyOf(recent), List.copyOf(peersHeard.values()), lastTransition, config.garp().masterDelay(),
                placements(config), network.waitingForWitness(), config.witness(),
                network.witnessHolder());
    }

    private static Map<VirtualAddress, InstanceStatus.Placement> placements(VrrpInstanceConfig config) {
        Map<VirtualAddress, InstanceStatus.Placement> placements = new LinkedHashMap<>();
        for (List<VirtualIpAddress> list : List.of(config.virtualIpAddresses(), config.virtualIpAddressesExcluded())) {
            for (VirtualIpAddress v : list) {
                placements.putIfAbsent(new VirtualAddress(v.address(), v.prefixLength()),
                        new InstanceStatus.Placement(v.device().orElse(config.interfaceName()), v.broadcast()));
            }
        }
        return placements;
    }

    /** Carries out one result and publishes the status it leaves. */
    void perform(VrrpResult result) {
        carryOut(result);
        publish();
    }

    private void carryOut(VrrpResult result) {
        for (VrrpAction action : result.actions()) {
            try {
                perform(action);
            } catch (IOException | RuntimeException e) {
                LOG.error("{}: {} failed: {}", name(), describe(action), e.getMessage());
            }
        }
        OptionalLong deadline = result.nextDeadlineNanos();
        if (deadline.isPresent()) {
            loop.schedule(this, deadline.getAsLong());
        } else {
            loop.cancel(this);
        }
    }

    private void perform(VrrpAction action) throws IOException {
        switch (action) {
            case VrrpAction.SendAdvert(int priority) -> {
                network.sendAdvert(priority);
                observer.advertSent(name(), priority);
            }
            case VrrpAction.AddVips(List<VirtualAddress> vips) -> changeVips(true, vips);
            case VrrpAction.RemoveVips(List<VirtualAddress> vips) -> changeVips(false, vips);
            case VrrpAction.SendGratuitous(List<VirtualAddress> vips, int repeat) -> network.announce(vips, repeat);
            case VrrpAction.Notify(VrrpState from, VrrpState to, String reason) -> transition(from, to, reason);
            case VrrpAction.PriorityChanged(int from, int to, String reason) -> {
                LOG.info("({}) effective priority {} -> {}: {}", name(), from, to, reason);
                listener.priorityChanged(name(), engine.state(), to);
            }
            case VrrpAction.MasterRxLowerPriority(InetAddress source, int priority) -> {
                LOG.info("({}) received advert from {} with lower priority {}, ours {}", name(),
                        source.getHostAddress(), priority, engine.effectivePriority());
                listener.masterRxLowerPriority(name(), engine.effectivePriority());
            }
        }
    }

    private void transition(VrrpState from, VrrpState to, String reason) {
        lastReason = reason;
        LOG.info("{}", TransitionLine.instance(name(), from, to, reason, endName));
        Transition transition = new Transition(name(), groupName(), from, to, engine.effectivePriority(), reason,
                wallClock.instant(), engine.spec().allVips());
        lastTransition = transition.time();
        recent.addLast(transition);
        while (recent.size() > InstanceStatus.RECENT_TRANSITIONS) {
            recent.removeFirst();
        }
        observer.transition(transition);
        try {
            listener.onTransition(transition);
        } catch (RuntimeException e) {
            LOG.error("({}) transition listener failed: {}", name(), e.toString());
        }
    }

    /**
     * Adds or removes each address; one that fails must not keep the others from it. Messages are
     * built only on failure: this runs between a new master's first advert and its VIPs.
     */
    private void changeVips(boolean add, List<VirtualAddress> vips) {
        for (VirtualAddress vip : vips) {
            try {
                if (add) {
                    network.addVip(vip);
                } else {
                    network.removeVip(vip);
                }
            } catch (IOException | RuntimeException e) {
                LOG.error("({}) cannot {} {}: {}", name(), add ? "add" : "remove", vip, e.getMessage());
            }
        }
    }

    private static String describe(VrrpAction action) {
        return action.getClass().getSimpleName();
    }

}
