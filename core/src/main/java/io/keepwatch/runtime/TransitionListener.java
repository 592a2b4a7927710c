package io.keepwatch.runtime;

/**
 * Hears every state change. Called on the VRRP thread, so an implementation must only hand the
 * transition over (queue it) and return: anything slow (a script, a mail) runs elsewhere.
 */
@FunctionalInterface
public interface TransitionListener {

    void onTransition(Transition transition);
}
