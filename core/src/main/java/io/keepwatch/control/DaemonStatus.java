package io.keepwatch.control;

import io.keepwatch.config.model.WitnessUse;
import io.keepwatch.metrics.InstanceCounters;
import io.keepwatch.metrics.StatusStore;
import io.keepwatch.metrics.TransitionHistory;
import io.keepwatch.runtime.AddressConflict;
import io.keepwatch.runtime.InstanceStatus;
import io.keepwatch.runtime.Transition;
import io.keepwatch.vrrp.VirtualAddress;
import io.keepwatch.vrrp.codec.RejectReason;
import java.net.InetAddress;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The status as {@code /status}, the status page and {@code keepwatch status} show it: plain values
 * only (strings, numbers), built from published snapshots, never from engine objects. Nothing in it
 * is secret: snapshots carry no password.
 *
 * @param generated when it was put together (ISO-8601)
 * @param instances every instance, by name
 */
public record DaemonStatus(String generated, List<Instance> instances) {

    /**
     * One instance. Times are ISO-8601; {@code syncGroup} is null outside a group, {@code heardMaster}
     * (the router whose advert was accepted last, the master this host hears) before any advert;
     * {@code witnessHolder} (who holds the instance's key in its witness, its {@code router_id}) when
     * the key is free, not known, or the instance uses no witness.
     */
    public record Instance(String name, String syncGroup, String interfaceName, int vrid, int version,
                           String authType, String state, String wantState, int basePriority,
                           int effectivePriority, double advertIntervalSeconds, boolean preempt,
                           String primaryAddress, List<String> vips, List<String> excludedVips,
                           String lastTransition, List<Tracker> trackers, List<Change> transitions,
                           List<Peer> peers, Counters counters, List<Conflict> conflicts, Peer heardMaster,
                           List<Band> timeline, boolean witnessWaiting, String mode, String witness,
                           String witnessHolder) {

        /** The mode as shown: vrrp, or election / fenced with the witness's name. */
        public String shownMode() {
            return witness == null ? mode : mode + "(" + witness + ")";
        }

        /** The state as shown: MASTER (waiting for witness) while elected without the witness's key. */
        public String shownState() {
            return witnessWaiting ? state + " (waiting for witness)" : state;
        }
    }

    /**
     * Another station claiming one of the instance's addresses now (split brain); {@code otherHost}
     * is null while its own address is not known.
     */
    public record Conflict(String address, String foreignMac, String otherHost, String since) {}

    /** The instance was in {@code state} from {@code from} to {@code to}, within the last hour. */
    public record Band(String state, String from, String to) {}

    /** A tracker and its last result; {@code since} is null before the first one. */
    public record Tracker(String name, int weight, boolean up, boolean reported, String since) {}

    /** One state change. */
    public record Change(String time, String from, String to, int priority, String reason) {}

    /** A router heard on the VRID. */
    public record Peer(String address, int priority, String lastAdvert) {}

    /** The instance's counters; {@code rejected} by codec reason, lower case. */
    public record Counters(long advertsSent, long advertsReceived, long becameMaster, long releasedMaster,
                           long priorityZeroSent, long priorityZeroReceived, long addressListMismatch,
                           Map<String, Long> rejected) {}

    /** The status now. */
    public static DaemonStatus of(StatusStore store, Instant now) {
        return new DaemonStatus(now.toString(), store.instances().stream()
                .map(s -> instance(s, store.counters(s.name()), store.conflicts().of(s.name()),
                        history(s, store.history().of(s.name(), now)), now)).toList());
    }

    /** The store's last hour; the snapshot's recent transitions for an instance it has none of. */
    private static List<Transition> history(InstanceStatus s, List<Transition> kept) {
        return kept.isEmpty() ? s.recentTransitions() : kept;
    }

    static Instance instance(InstanceStatus s, InstanceCounters c, List<AddressConflict> conflicts,
                             List<Transition> history, Instant now) {
        return new Instance(s.name(), s.syncGroup().orElse(null), s.interfaceName(), s.vrid(), s.version(),
                s.authType(), s.state().name(), s.wantState().name(), s.basePriority(), s.effectivePriority(),
                s.advertIntervalCentis() / 100.0, s.preempt(), s.primaryAddress().getHostAddress(),
                s.vips().stream().map(VirtualAddress::toString).toList(),
                s.excludedVips().stream().map(VirtualAddress::toString).toList(), s.lastTransition().toString(),
                s.trackers().stream().map(t -> new Tracker(t.name(), t.weight(), t.up(), t.reported(),
                        t.since().map(Instant::toString).orElse(null))).toList(),
                s.recentTransitions().stream().map(DaemonStatus::change).toList(),
                s.peers().stream().map(DaemonStatus::peer).toList(),
                counters(c),
                conflicts.stream().map(k -> new Conflict(k.address().getHostAddress(), k.foreignMac(),
                        k.otherHost().map(InetAddress::getHostAddress).orElse(null), k.since().toString())).toList(),
                s.peers().isEmpty() ? null : peer(s.peers().getLast()),
                timeline(history, now), s.witnessWaiting(), mode(s.witness()),
                s.witness().mode() == WitnessUse.Mode.NONE ? null : s.witness().witness(),
                s.witnessHolder().orElse(null));
    }

    /** vrrp, election ({@code election NAME}) or fenced ({@code witness NAME}). */
    private static String mode(WitnessUse w) {
        return switch (w.mode()) {
            case NONE -> "vrrp";
            case ELECTION -> "election";
            case FENCE -> "fenced";
        };
    }

    private static Peer peer(InstanceStatus.Peer p) {
        return new Peer(p.address().getHostAddress(), p.priority(), p.lastAdvert().toString());
    }

    /** The states of the last hour as bands, from the transitions that tell them (oldest first). */
    static List<Band> timeline(List<Transition> history, Instant now) {
        Instant start = now.minus(TransitionHistory.WINDOW);
        List<Band> bands = new ArrayList<>();
        for (int i = 0; i < history.size(); i++) {
            Transition t = history.get(i);
            Instant from = t.time().isBefore(start) ? start : t.time();
            Instant to = i + 1 < history.size() ? history.get(i + 1).time() : now;
            if (to.isAfter(from)) {
                bands.add(new Band(t.to().name(), from.toString(), to.toString()));
            }
        }
        return bands;
    }

    private static Change change(Transition t) {
        return new Change(t.time().toString(), t.from().name(), t.to().name(), t.priority(), t.reason());
    }

    static Counters counters(InstanceCounters c) {
        Map<String, Long> rejected = new LinkedHashMap<>();
        for (RejectReason reason : RejectReason.values()) {
            rejected.put(reason.name().toLowerCase(Locale.ROOT), c.rejected(reason));
        }
        return new Counters(c.advertsSent(), c.advertsReceived(), c.becameMaster(), c.releasedMaster(),
                c.priorityZeroSent(), c.priorityZeroReceived(), c.addressListMismatch(), rejected);
    }
}
