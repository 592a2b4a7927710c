package io.keepwatch.runtime;

import io.keepwatch.vrrp.codec.RejectReason;
import java.util.List;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** {@link RuntimeObserver#all}: one observer's fault must not reach the VRRP thread or the others. */
final class FanOut implements RuntimeObserver {

    private static final Logger LOG = LoggerFactory.getLogger(FanOut.class);

    private final List<RuntimeObserver> observers;

    FanOut(List<RuntimeObserver> observers) {
        this.observers = observers;
    }

    private void each(Consumer<RuntimeObserver> call) {
        for (RuntimeObserver observer : observers) {
            try {
                call.accept(observer);
            } catch (RuntimeException e) {
                LOG.error("observer {} failed: {}", observer.getClass().getSimpleName(), e.toString());
            }
        }
    }

    @Override
    public void published(InstanceStatus status) {
        each(o -> o.published(status));
    }

    @Override
    public void removed(String instance) {
        each(o -> o.removed(instance));
    }

    @Override
    public void advertSent(String instance, int priority) {
        each(o -> o.advertSent(instance, priority));
    }

    @Override
    public void advertReceived(String instance, int priority, boolean addressListMismatch) {
        each(o -> o.advertReceived(instance, priority, addressListMismatch));
    }

    @Override
    public void advertRejected(String instance, RejectReason reason) {
        each(o -> o.advertRejected(instance, reason));
    }

    @Override
    public void transition(Transition transition) {
        each(o -> o.transition(transition));
    }

    @Override
    public void conflictNoticed(AddressConflict conflict) {
        each(o -> o.conflictNoticed(conflict));
    }

    @Override
    public void conflictEnded(AddressConflict conflict) {
        each(o -> o.conflictEnded(conflict));
    }

    @Override
    public void dumpRequested(SignalRelay.Request request) {
        each(o -> o.dumpRequested(request));
    }
}
