package io.keepwatch.runtime;

import io.keepwatch.config.model.WitnessUse;
import io.keepwatch.vrrp.VirtualAddress;
import io.keepwatch.vrrp.VrrpState;
import java.net.InetAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * An immutable snapshot of one instance, taken on the VRRP thread after it handled an event. Holds
 * no secret: the authentication password stays in the configuration.
 *
 * @param name              vrrp_instance name
 * @param syncGroup         its vrrp_sync_group, if any
 * @param interfaceName     its interface
 * @param vrid              virtual_router_id
 * @param version           2 or 3
 * @param authType          the VRRPv2 authentication type (NONE, PASS, AH)
 * @param state             current state
 * @param wantState         the state it is in or heading to (keepalived's "Wantstate")
 * @param basePriority      configured priority
 * @param effectivePriority priority after trackers
 * @param advertIntervalCentis advert_int in centiseconds
 * @param preempt           false for nopreempt
 * @param primaryAddress    its own address on the interface (tie-breaks)
 * @param vips              virtual_ipaddress
 * @param excludedVips      virtual_ipaddress_excluded
 * @param trackers          tracked objects and their last result
 * @param recentTransitions the last state changes, oldest first (at most {@link #RECENT_TRANSITIONS})
 * @param peers             the routers heard, by source address (at most {@link #MAX_PEERS}), in the order
 *                          of their last accepted advert: the last one is the master this host hears
 * @param lastTransition    when it last changed state (its start, until then)
 * @param garpMasterDelay   {@code garp_master_delay}: when a new master repeats its gratuitous ARPs
 * @param placements        where each of {@code vips} and {@code excludedVips} goes; an address not
 *                          listed goes on {@code interfaceName}
 * @param witnessWaiting    {@code witness NAME}: elected by VRRP but without its addresses, because its
 *                          witness does not give it its key yet ("elected, waiting for witness")
 * @param witness           how it uses a {@code vrrp_witness}: plain VRRP, fenced ({@code witness NAME})
 *                          or elected ({@code election NAME}), with the witness's name
 * @param witnessHolder     who holds the instance's key in its witness now, as the store last said (its
 *                          {@code router_id}); empty when the key is free, when that is not known yet, and for
 *                          plain VRRP instances
 */
public record InstanceStatus(String name, Optional<String> syncGroup, String interfaceName, int vrid, int version,
                             String authType, VrrpState state, VrrpState wantState, int basePriority,
                             int effectivePriority, int advertIntervalCentis, boolean preempt,
                             InetAddress primaryAddress, List<VirtualAddress> vips, List<VirtualAddress> excludedVips,
                             List<Tracker> trackers, List<Transition> recentTransitions, List<Peer> peers,
                             Instant lastTransition, Duration garpMasterDelay, Map<VirtualAddress, Placement> placements,
                             boolean witnessWaiting, WitnessUse witness, Optional<String> witnessHolder) {

    /** How many peers a snapshot keeps (the most recently heard). */
    public static final int MAX_PEERS = 16;

    /** How many transitions a snapshot keeps. */
    public static final int RECENT_TRANSITIONS = 10;

    public InstanceStatus {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(syncGroup, "syncGroup");
        Objects.requireNonNull(state, "state");
        vips = List.copyOf(vips);
        excludedVips = List.copyOf(excludedVips);
        trackers = List.copyOf(trackers);
        recentTransitions = List.copyOf(recentTransitions);
        peers = List.copyOf(peers);
        Objects.requireNonNull(lastTransition, "lastTransition");
        Objects.requireNonNull(garpMasterDelay, "garpMasterDelay");
        placements = Map.copyOf(placements);
        Objects.requireNonNull(witness, "witness");
        Objects.requireNonNull(witnessHolder, "witnessHolder");
    }

    /** A snapshot of an instance not waiting for a witness. */
    public InstanceStatus(String name, Optional<String> syncGroup, String interfaceName, int vrid, int version,
                          String authType, VrrpState state, VrrpState wantState, int basePriority,
                          int effectivePriority, int advertIntervalCentis, boolean preempt,
                          InetAddress primaryAddress, List<VirtualAddress> vips, List<VirtualAddress> excludedVips,
                          List<Tracker> trackers, List<Transition> recentTransitions, List<Peer> peers,
                          Instant lastTransition, Duration garpMasterDelay, Map<VirtualAddress, Placement> placements) {
        this(name, syncGroup, interfaceName, vrid, version, authType, state, wantState, basePriority,
                effectivePriority, advertIntervalCentis, preempt, primaryAddress, vips, excludedVips, trackers,
                recentTransitions, peers, lastTransition, garpMasterDelay, placements, false, WitnessUse.NONE,
                Optional.empty());
    }

    /** A snapshot with keepalived's default {@code garp_master_delay} and every address on the interface. */
    public InstanceStatus(String name, Optional<String> syncGroup, String interfaceName, int vrid, int version,
                          String authType, VrrpState state, VrrpState wantState, int basePriority,
                          int effectivePriority, int advertIntervalCentis, boolean preempt,
                          InetAddress primaryAddress, List<VirtualAddress> vips, List<VirtualAddress> excludedVips,
                          List<Tracker> trackers, List<Transition> recentTransitions, List<Peer> peers,
                          Instant lastTransition) {
        this(name, syncGroup, interfaceName, vrid, version, authType, state, wantState, basePriority,
                effectivePriority, advertIntervalCentis, preempt, primaryAddress, vips, excludedVips, trackers,
                recentTransitions, peers, lastTransition, DEFAULT_GARP_MASTER_DELAY, Map.of());
    }

    /** keepalived's {@code garp_master_delay} when none is configured. */
    public static final Duration DEFAULT_GARP_MASTER_DELAY = Duration.ofSeconds(5);

    /** Where {@code address} goes: its {@code dev}, or the instance's interface, and its {@code brd}. */
    public Placement placement(VirtualAddress address) {
        return placements.getOrDefault(address, new Placement(interfaceName, Optional.empty()));
    }

    /**
     * Where one virtual address goes.
     *
     * @param device    its {@code dev}, else the instance's interface
     * @param broadcast its {@code brd}, IPv4 only
     */
    public record Placement(String device, Optional<InetAddress> broadcast) {
        public Placement {
            Objects.requireNonNull(device, "device");
            Objects.requireNonNull(broadcast, "broadcast");
        }
    }

    /**
     * One tracked object.
     *
     * @param name       tracker name (script, check, interface, ...)
     * @param weight     its weight (0: FAULT while failing)
     * @param up         its last result, or the assumed initial state before the first one
     * @param reported   whether {@code up} is a reported result rather than the initial assumption
     * @param since      when the last result arrived, if one has
     */
    public record Tracker(String name, int weight, boolean up, boolean reported, Optional<Instant> since) {}

    /**
     * Another router heard on this VRID.
     *
     * @param address      its source address
     * @param priority     the priority of its last advert
     * @param lastAdvert   when its last advert arrived
     */
    public record Peer(InetAddress address, int priority, Instant lastAdvert) {}
}
