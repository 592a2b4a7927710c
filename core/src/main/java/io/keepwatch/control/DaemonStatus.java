package io.keepwatch.control;

import io.keepwatch.metrics.InstanceCounters;
import io.keepwatch.metrics.StatusStore;
import io.keepwatch.runtime.InstanceStatus;
import io.keepwatch.runtime.Transition;
import io.keepwatch.vrrp.VirtualAddress;
import io.keepwatch.vrrp.codec.RejectReason;
import java.time.Instant;
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

    /** One instance. Times are ISO-8601; {@code syncGroup} is null outside a group. */
    public record Instance(String name, String syncGroup, String interfaceName, int vrid, int version,
                           String authType, String state, String wantState, int basePriority,
                           int effectivePriority, double advertIntervalSeconds, boolean preempt,
                           String primaryAddress, List<String> vips, List<String> excludedVips,
                           String lastTransition, List<Tracker> trackers, List<Change> transitions,
                           List<Peer> peers, Counters counters) {}

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
                .map(s -> instance(s, store.counters(s.name()))).toList());
    }

    static Instance instance(InstanceStatus s, InstanceCounters c) {
        return new Instance(s.name(), s.syncGroup().orElse(null), s.interfaceName(), s.vrid(), s.version(),
                s.authType(), s.state().name(), s.wantState().name(), s.basePriority(), s.effectivePriority(),
                s.advertIntervalCentis() / 100.0, s.preempt(), s.primaryAddress().getHostAddress(),
                s.vips().stream().map(VirtualAddress::toString).toList(),
                s.excludedVips().stream().map(VirtualAddress::toString).toList(), s.lastTransition().toString(),
                s.trackers().stream().map(t -> new Tracker(t.name(), t.weight(), t.up(), t.reported(),
                        t.since().map(Instant::toString).orElse(null))).toList(),
                s.recentTransitions().stream().map(DaemonStatus::change).toList(),
                s.peers().stream().map(p -> new Peer(p.address().getHostAddress(), p.priority(),
                        p.lastAdvert().toString())).toList(),
                counters(c));
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
