package io.keepwatch.metrics;

import io.keepwatch.runtime.AddressConflict;
import io.keepwatch.runtime.InstanceStatus;
import io.keepwatch.runtime.RuntimeObserver;
import io.keepwatch.runtime.Transition;
import io.keepwatch.vrrp.VrrpState;
import io.keepwatch.vrrp.codec.RejectReason;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * What the runtime reports, kept for everyone who reads it from another thread: the latest
 * {@link InstanceStatus} of each instance and its {@link InstanceCounters}. Counters survive a reload
 * that keeps the instance (same name, interface and VRID) and restart from zero otherwise, as a
 * Prometheus counter reset.
 */
public final class StatusStore implements RuntimeObserver {

    /** Told when an instance appears or disappears, to add or remove its meters. */
    public interface Listener {
        void added(InstanceStatus first, InstanceCounters counters);

        void removed(InstanceStatus last);
    }

    private final Map<String, InstanceStatus> statuses = new ConcurrentHashMap<>();
    private final Map<String, InstanceCounters> counters = new ConcurrentHashMap<>();
    private final List<Listener> listeners = new CopyOnWriteArrayList<>();
    private final ReportedConflicts conflicts = new ReportedConflicts();
    private final TransitionHistory history = new TransitionHistory();

    public void addListener(Listener listener) {
        listeners.add(listener);
        statuses.forEach((name, status) -> listener.added(status, counters.get(name)));
    }

    /** The latest snapshots, in name order. */
    public List<InstanceStatus> instances() {
        List<InstanceStatus> list = new ArrayList<>(statuses.values());
        list.sort(Comparator.comparing(InstanceStatus::name));
        return list;
    }

    public Optional<InstanceStatus> instance(String name) {
        return Optional.ofNullable(statuses.get(name));
    }

    /** The address conflicts reported, those in progress and how many began. */
    public ReportedConflicts conflicts() {
        return conflicts;
    }

    /** The transitions of the last hour, per instance. */
    public TransitionHistory history() {
        return history;
    }

    /** The counters of {@code name}; all zero for an instance not (yet) known. */
    public InstanceCounters counters(String name) {
        InstanceCounters c = counters.get(name);
        return c != null ? c : new InstanceCounters();
    }

    @Override
    public void published(InstanceStatus status) {
        InstanceStatus before = statuses.put(status.name(), status);
        if (before != null && sameIdentity(before, status)) {
            return;
        }
        if (before != null) {
            listeners.forEach(l -> l.removed(before));
        }
        // the first transition comes before the first snapshot: keep what was counted for it
        InstanceCounters fresh = before == null
                ? counters.computeIfAbsent(status.name(), n -> new InstanceCounters())
                : new InstanceCounters();
        counters.put(status.name(), fresh);
        listeners.forEach(l -> l.added(status, fresh));
    }

    private static boolean sameIdentity(InstanceStatus a, InstanceStatus b) {
        return a.interfaceName().equals(b.interfaceName()) && a.vrid() == b.vrid() && a.vips().equals(b.vips())
                && a.trackers().stream().map(InstanceStatus.Tracker::name).toList()
                        .equals(b.trackers().stream().map(InstanceStatus.Tracker::name).toList());
    }

    @Override
    public void removed(String instance) {
        InstanceStatus last = statuses.remove(instance);
        counters.remove(instance);
        conflicts.removed(instance);
        history.removed(instance);
        if (last != null) {
            listeners.forEach(l -> l.removed(last));
        }
    }

    /** Reader threads: an instance removed a moment ago is not brought back. */
    private Optional<InstanceCounters> of(String instance) {
        return Optional.ofNullable(counters.get(instance));
    }

    /** VRRP thread: counts may come before the instance's first snapshot. */
    private Optional<InstanceCounters> owned(String instance) {
        return Optional.of(counters.computeIfAbsent(instance, n -> new InstanceCounters()));
    }

    @Override
    public void advertSent(String instance, int priority) {
        owned(instance).ifPresent(c -> {
            c.advertsSent.increment();
            if (priority == 0) {
                c.priorityZeroSent.increment();
            }
        });
    }

    @Override
    public void advertReceived(String instance, int priority, boolean addressListMismatch) {
        of(instance).ifPresent(c -> {
            c.advertsReceived.increment();
            if (priority == 0) {
                c.priorityZeroReceived.increment();
            }
            if (addressListMismatch) {
                c.addressListMismatch.increment();
            }
        });
    }

    @Override
    public void advertRejected(String instance, RejectReason reason) {
        of(instance).ifPresent(c -> c.rejectedAdder(reason).increment());
    }

    @Override
    public void transition(Transition transition) {
        history.add(transition);
        owned(transition.instance()).ifPresent(c -> {
            if (transition.to() == VrrpState.MASTER) {
                c.becameMaster.increment();
            } else if (transition.from() == VrrpState.MASTER) {
                c.releasedMaster.increment();
            }
        });
    }

    @Override
    public void conflictNoticed(AddressConflict conflict) {
        conflicts.conflictNoticed(conflict);
    }

    @Override
    public void conflictEnded(AddressConflict conflict) {
        conflicts.conflictEnded(conflict);
    }
}
