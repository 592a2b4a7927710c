package io.keepwatch.vrrp;

import java.util.List;
import java.util.OptionalLong;

/**
 * The outcome of one event for one instance: actions to perform in order, and the absolute time (same
 * clock as the event's {@code nowNanos}) at which the instance wants its next {@link VrrpEvent.Tick}.
 *
 * @param instance          the instance name
 * @param actions           actions in the order to perform them
 * @param nextDeadlineNanos the next deadline, or empty when the instance waits for events only
 */
public record VrrpResult(String instance, List<VrrpAction> actions, OptionalLong nextDeadlineNanos) {

    public VrrpResult {
        actions = List.copyOf(actions);
    }
}
