package io.keepwatch.runtime;

import io.keepwatch.vrrp.codec.RejectReason;
import java.util.List;

/**
 * Watches the daemon from outside without touching engine state: metrics, the status endpoint and
 * the signal dumps. The VRRP thread publishes an immutable {@link InstanceStatus} after every event
 * it handles for an instance, so readers on other threads only ever see finished snapshots.
 *
 * <p>Every method must return at once and never throw; the threads that call it carry adverts.
 */
public interface RuntimeObserver {

    /** The latest snapshot of one instance. VRRP thread. */
    default void published(InstanceStatus status) {}

    /** An instance was stopped and removed (reload, shutdown). VRRP thread. */
    default void removed(String instance) {}

    /** An advert went out with this priority (0: resignation). VRRP thread. */
    default void advertSent(String instance, int priority) {}

    /** An advert passed the codec's checks. Reader thread. */
    default void advertReceived(String instance, int priority, boolean addressListMismatch) {}

    /** An advert failed one of the codec's checks. Reader thread. */
    default void advertRejected(String instance, RejectReason reason) {}

    /** A state change, as the {@link TransitionListener}s hear it. VRRP thread. */
    default void transition(Transition transition) {}

    /**
     * Another station started claiming one of an instance's virtual addresses, or its own address
     * became known ({@link AddressConflict#otherHost}); called again for the same address and MAC
     * with the newer record. VRRP thread.
     */
    default void conflictNoticed(AddressConflict conflict) {}

    /** A conflict noticed before is over (the claims stopped, or the instance no longer holds or watches the address). VRRP thread. */
    default void conflictEnded(AddressConflict conflict) {}

    /** The operator asked for a state or statistics dump (SIGUSR1, SIGUSR2). Signal thread. */
    default void dumpRequested(SignalRelay.Request request) {}

    /** Observes nothing. */
    RuntimeObserver NONE = new RuntimeObserver() {};

    /** Calls each of {@code observers} in order; one that throws does not stop the others. */
    static RuntimeObserver all(List<RuntimeObserver> observers) {
        List<RuntimeObserver> list = List.copyOf(observers);
        return new FanOut(list);
    }
}
