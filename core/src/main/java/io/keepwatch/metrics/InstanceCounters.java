package io.keepwatch.metrics;

import io.keepwatch.vrrp.codec.RejectReason;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/**
 * The counters of one instance, as keepalived keeps them per vrrp_instance (its SIGUSR2 statistics):
 * written by the VRRP thread and the socket readers, read by scrapes and dumps.
 */
public final class InstanceCounters {

    final LongAdder advertsReceived = new LongAdder();
    final LongAdder advertsSent = new LongAdder();
    final LongAdder becameMaster = new LongAdder();
    final LongAdder releasedMaster = new LongAdder();
    final LongAdder priorityZeroReceived = new LongAdder();
    final LongAdder priorityZeroSent = new LongAdder();
    final LongAdder addressListMismatch = new LongAdder();
    private final Map<RejectReason, LongAdder> rejected = new EnumMap<>(RejectReason.class);

    InstanceCounters() {
        for (RejectReason reason : RejectReason.values()) {
            rejected.put(reason, new LongAdder());
        }
    }

    public long advertsReceived() {
        return advertsReceived.sum();
    }

    public long advertsSent() {
        return advertsSent.sum();
    }

    public long becameMaster() {
        return becameMaster.sum();
    }

    public long releasedMaster() {
        return releasedMaster.sum();
    }

    public long priorityZeroReceived() {
        return priorityZeroReceived.sum();
    }

    public long priorityZeroSent() {
        return priorityZeroSent.sum();
    }

    /** Accepted adverts whose address list differs from ours (keepalived's addr_list_err). */
    public long addressListMismatch() {
        return addressListMismatch.sum();
    }

    public long rejected(RejectReason reason) {
        return rejected.get(reason).sum();
    }

    LongAdder rejectedAdder(RejectReason reason) {
        return rejected.get(reason);
    }
}
