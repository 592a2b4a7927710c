package io.keepwatch.runtime;

import io.keepwatch.vrrp.VrrpState;

/**
 * Hears every state change. Called on the VRRP thread, so an implementation must only hand the
 * transition over (queue it) and return: anything slow (a script, a mail) runs elsewhere.
 */
@FunctionalInterface
public interface TransitionListener {

    void onTransition(Transition transition);

    /**
     * An instance's effective priority changed (a tracker's weight), in {@code state}; on the VRRP
     * thread, as above. keepalived tells only its notify FIFOs, with {@code notify_priority_changes}.
     */
    default void priorityChanged(String instance, VrrpState state, int priority) {
    }

    /**
     * A MASTER heard an advert of a lower priority (another router believes it is master too); on
     * the VRRP thread, as above. keepalived writes it to its notify FIFOs as MASTER_RX_LOWER_PRI.
     */
    default void masterRxLowerPriority(String instance, int priority) {
    }
}
