package io.keepwatch.runtime;

import io.keepwatch.plugin.api.TransitionEvent;
import java.util.Optional;

/**
 * The state keepalived names to its notify scripts and FIFOs for a transition, which differs from
 * the event's own state in two cases (keepalived's vrrp_notify.c and clear_diff_vrrp):
 *
 * <ul>
 *   <li>An instance a reload removed is DELETED only with {@code notify_deleted}; otherwise it is
 *       notified as FAULT (keepalived's older behaviour, kept as its default), and not at all
 *       when it was in FAULT already.</li>
 *   <li>A sync group is never notified of its removal.</li>
 * </ul>
 *
 * INIT is never notified. Plugins' notifiers get the event as it is.
 */
final class NotifiedState {

    private NotifiedState() {}

    /**
     * @param notifyDeleted whether the instance has {@code notify_deleted}
     * @return MASTER, BACKUP, FAULT, STOP or DELETED; empty when keepalived notifies nothing
     */
    static Optional<String> of(TransitionEvent event, boolean notifyDeleted) {
        TransitionEvent.VrrpState state = event.newState();
        if (state == TransitionEvent.VrrpState.INIT) {
            return Optional.empty();
        }
        if (state != TransitionEvent.VrrpState.DELETED) {
            return Optional.of(state.name());
        }
        if (event.scope() == TransitionEvent.Scope.GROUP) {
            return Optional.empty();
        }
        if (notifyDeleted) {
            return Optional.of("DELETED");
        }
        return event.oldState() == TransitionEvent.VrrpState.FAULT ? Optional.empty() : Optional.of("FAULT");
    }
}
