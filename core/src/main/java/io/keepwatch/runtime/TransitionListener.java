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
}
