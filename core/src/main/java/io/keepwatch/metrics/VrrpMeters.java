package io.keepwatch.metrics;

import io.keepwatch.runtime.InstanceStatus;
import io.keepwatch.vrrp.VrrpState;
import io.keepwatch.vrrp.codec.RejectReason;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.ToDoubleFunction;
import java.util.function.ToLongFunction;

/**
 * keepwatch's own VRRP meters, labelled {@code instance}, {@code interface}, {@code vrid}; added when
 * an instance first reports and removed with it. Values are read at scrape time from
 * {@link StatusStore}, so recording stays a counter increment on the hot path.
 */
public final class VrrpMeters implements StatusStore.Listener {

    private final MeterRegistry registry;
    private final StatusStore store;
    private final Map<String, List<Meter>> byInstance = new ConcurrentHashMap<>();

    private VrrpMeters(MeterRegistry registry, StatusStore store) {
        this.registry = registry;
        this.store = store;
    }

    /** Binds the meters of every instance {@code store} knows, now and later. */
    public static VrrpMeters bind(MeterRegistry registry, StatusStore store) {
        VrrpMeters meters = new VrrpMeters(registry, store);
        store.addListener(meters);
        return meters;
    }

    /** keepalived's numbering of states (its exporter's too): 0 INIT, 1 BACKUP, 2 MASTER, 3 FAULT. */
    static double stateNumber(VrrpState state) {
        return switch (state) {
            case INIT -> 0;
            case BACKUP -> 1;
            case MASTER -> 2;
            case FAULT -> 3;
        };
    }

    @Override
    public void added(InstanceStatus first, InstanceCounters counters) {
        String name = first.name();
        Tags tags = Tags.of("instance", name, "interface", first.interfaceName(), "vrid",
                Integer.toString(first.vrid()));
        List<Meter> meters = new ArrayList<>();
        meters.add(gauge("keepwatch.vrrp.state", "State: 0 INIT, 1 BACKUP, 2 MASTER, 3 FAULT", tags, name,
                s -> stateNumber(s.state())));
        meters.add(gauge("keepwatch.vrrp.witness.waiting", "1 while elected but waiting for the witness's key"
                + " before adding the addresses (witness NAME), else 0", tags, name, s -> s.witnessWaiting() ? 1 : 0));
        meters.add(gauge("keepwatch.vrrp.priority.base", "Configured priority", tags, name, InstanceStatus::basePriority));
        meters.add(gauge("keepwatch.vrrp.priority.effective", "Priority after trackers", tags, name,
                InstanceStatus::effectivePriority));
        meters.add(Gauge.builder("keepwatch.vrrp.last.transition.timestamp", store,
                        st -> st.instance(name).map(s -> s.lastTransition().toEpochMilli() / 1000.0).orElse(Double.NaN))
                .description("When the instance last changed state (its start until then), Unix time")
                .baseUnit("seconds").tags(tags).register(registry));
        meters.add(counter("keepwatch.vrrp.adverts.sent", "Adverts sent, priority 0 included", tags, counters,
                InstanceCounters::advertsSent));
        meters.add(counter("keepwatch.vrrp.adverts.received", "Adverts received and accepted", tags, counters,
                InstanceCounters::advertsReceived));
        meters.add(counter("keepwatch.vrrp.became.master", "Transitions to MASTER", tags, counters,
                InstanceCounters::becameMaster));
        meters.add(counter("keepwatch.vrrp.released.master", "Transitions out of MASTER", tags, counters,
                InstanceCounters::releasedMaster));
        meters.add(counter("keepwatch.vrrp.priority.zero.sent", "Adverts with priority 0 sent (resignations)", tags,
                counters, InstanceCounters::priorityZeroSent));
        meters.add(counter("keepwatch.vrrp.priority.zero.received", "Adverts with priority 0 received", tags,
                counters, InstanceCounters::priorityZeroReceived));
        meters.add(counter("keepwatch.vrrp.address.list.mismatch", "Accepted adverts whose address list differs",
                tags, counters, InstanceCounters::addressListMismatch));
        for (RejectReason reason : RejectReason.values()) {
            meters.add(counter("keepwatch.vrrp.adverts.rejected", "Adverts rejected, by reason",
                    tags.and("reason", reason.name().toLowerCase(Locale.ROOT)), counters, c -> c.rejected(reason)));
        }
        for (InstanceStatus.Tracker tracker : first.trackers()) {
            String trackerName = tracker.name();
            meters.add(gauge("keepwatch.vrrp.tracker.up", "Last result of a tracker: 1 up, 0 down",
                    tags.and("tracker", trackerName), name,
                    s -> s.trackers().stream().filter(t -> t.name().equals(trackerName)).findFirst()
                            .map(t -> t.up() ? 1.0 : 0.0).orElse(Double.NaN)));
        }
        List<Meter> before = byInstance.put(name, meters);
        if (before != null) {
            before.forEach(registry::remove);
        }
    }

    @Override
    public void removed(InstanceStatus last) {
        List<Meter> meters = byInstance.remove(last.name());
        if (meters != null) {
            meters.forEach(registry::remove);
        }
    }

    private Gauge gauge(String name, String help, Tags tags, String instance, ToDoubleFunction<InstanceStatus> value) {
        return Gauge.builder(name, store,
                        st -> st.instance(instance).map(value::applyAsDouble).orElse(Double.NaN))
                .description(help).tags(tags).register(registry);
    }

    private FunctionCounter counter(String name, String help, Tags tags, InstanceCounters counters,
                                    ToLongFunction<InstanceCounters> value) {
        return FunctionCounter.builder(name, counters, c -> value.applyAsLong(c))
                .description(help).tags(tags).register(registry);
    }
}
