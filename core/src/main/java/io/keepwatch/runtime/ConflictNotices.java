package io.keepwatch.runtime;

import io.keepwatch.plugin.api.AddressConflictEvent;
import java.time.Clock;
import java.util.function.Consumer;

/**
 * Turns the address conflicts the runtime reports into the events notifiers receive (the plugin
 * API's {@link AddressConflictEvent}): one when a conflict is noticed, again when its other host
 * becomes known, and one when it ends. VRRP thread.
 */
final class ConflictNotices implements RuntimeObserver {

    /** Where the events go, with this host's router id. */
    interface Sink {
        String routerId();

        void publish(AddressConflictEvent event);
    }

    private final Sink sink;
    private final Clock wallClock;

    ConflictNotices(Sink sink, Clock wallClock) {
        this.sink = sink;
        this.wallClock = wallClock;
    }

    @Override
    public void conflictNoticed(AddressConflict conflict) {
        sink.publish(event(conflict, false));
    }

    @Override
    public void conflictEnded(AddressConflict conflict) {
        sink.publish(event(conflict, true));
    }

    private AddressConflictEvent event(AddressConflict c, boolean ended) {
        return new AddressConflictEvent(c.instance(), c.interfaceName(), c.vrid(), c.address().getHostAddress(),
                c.foreignMac(), c.otherHost().map(h -> h.getHostAddress()), ended,
                ended ? wallClock.instant() : c.since(), sink.routerId());
    }
}
