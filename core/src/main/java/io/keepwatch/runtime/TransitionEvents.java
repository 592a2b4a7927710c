package io.keepwatch.runtime;

import io.keepwatch.plugin.api.TransitionEvent;
import io.keepwatch.vrrp.VrrpState;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Turns the engine's transitions into the events notifiers receive. An instance going to INIT at
 * shutdown is keepalived's STOP, or DELETED when a reload removed it. A sync group has no state
 * machine of its own, so its events are derived: the group moves when the first member moves it
 * (members follow within the same event), and that is when the group's event goes out, with
 * priority 0 as keepalived gives its group notify scripts. One instance lives as long as the daemon
 * (a reload changes only the router id), so the groups' states survive reloads. Used on the VRRP
 * thread only.
 */
final class TransitionEvents {

    private volatile String routerId;
    private final Map<String, TransitionEvent.VrrpState> groupStates = new HashMap<>();

    TransitionEvents(String routerId) {
        this.routerId = routerId;
    }

    /** The router id of the events. */
    String routerId() {
        return routerId;
    }

    /** The router id of the events from now on (a reload may change it). */
    void routerId(String id) {
        this.routerId = id;
    }

    /**
     * The instance event, then the group event if this transition moved its group.
     *
     * @param removed whether a reload removed the instance (its stop is then DELETED)
     */
    List<TransitionEvent> of(Transition t, boolean removed) {
        String routerId = this.routerId;
        List<String> vips = t.vips().stream().map(Object::toString).toList();
        TransitionEvent.VrrpState from = map(t.from());
        TransitionEvent.VrrpState to = t.to() != VrrpState.INIT ? map(t.to())
                : removed ? TransitionEvent.VrrpState.DELETED : TransitionEvent.VrrpState.STOP;
        TransitionEvent instance = new TransitionEvent(TransitionEvent.Scope.INSTANCE, t.instance(), from, to,
                t.priority(), t.reason(), t.time(), routerId, vips);
        Optional<String> group = t.syncGroup();
        if (group.isEmpty()) {
            return List.of(instance);
        }
        TransitionEvent.VrrpState before = groupStates.getOrDefault(group.get(), TransitionEvent.VrrpState.INIT);
        if (before == to) {
            return List.of(instance);
        }
        groupStates.put(group.get(), to);
        TransitionEvent groupEvent = new TransitionEvent(TransitionEvent.Scope.GROUP, group.get(), before, to, 0, "instance " + t.instance() + ": " + t.reason(), t.time(), routerId, vips);
        return List.of(instance, groupEvent);
    }

    private static TransitionEvent.VrrpState map(VrrpState state) {
        return switch (state) {
            case INIT -> TransitionEvent.VrrpState.INIT;
            case BACKUP -> TransitionEvent.VrrpState.BACKUP;
            case MASTER -> TransitionEvent.VrrpState.MASTER;
            case FAULT -> TransitionEvent.VrrpState.FAULT;
        };
    }
}
