package io.keepwatch.metrics;

import io.keepwatch.runtime.InstanceStatus;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * {@code keepwatch_vrrp_address_conflict} (1 while another station claims the address, else 0) and
 * {@code keepwatch_vrrp_address_conflicts_total}, labelled {@code instance}, {@code interface},
 * {@code vrid}, {@code address}. Every virtual address of an instance has its series from the
 * instance's start, at 0, so that an alert's {@code increase()} sees the first conflict too (a
 * counter that appears at 1 shows no increase); an address claimed on another interface gets its
 * series then. They go with the instance.
 */
public final class ConflictMeters implements ReportedConflicts.Listener, StatusStore.Listener {

    private final MeterRegistry registry;
    private final ReportedConflicts conflicts;
    private final Map<ReportedConflicts.Series, List<Meter>> bySeries = new ConcurrentHashMap<>();

    private ConflictMeters(MeterRegistry registry, ReportedConflicts conflicts) {
        this.registry = registry;
        this.conflicts = conflicts;
    }

    /** Binds the meters of every instance's addresses and of every address claimed, now and later. */
    public static ConflictMeters bind(MeterRegistry registry, StatusStore store) {
        ConflictMeters meters = new ConflictMeters(registry, store.conflicts());
        store.addListener(meters);
        store.conflicts().addListener(meters);
        return meters;
    }

    @Override
    public void added(InstanceStatus first, InstanceCounters counters) {
        Stream.concat(first.vips().stream(), first.excludedVips().stream()).forEach(vip -> added(
                new ReportedConflicts.Series(first.name(), first.placement(vip).device(), first.vrid(),
                        vip.address().getHostAddress())));
    }

    @Override
    public void removed(InstanceStatus last) {
        bySeries.entrySet().removeIf(e -> {
            if (!e.getKey().instance().equals(last.name())) {
                return false;
            }
            e.getValue().forEach(registry::remove);
            return true;
        });
    }

    @Override
    public void added(ReportedConflicts.Series series) {
        bySeries.computeIfAbsent(series, this::register);
    }

    private List<Meter> register(ReportedConflicts.Series series) {
        Tags tags = Tags.of("instance", series.instance(), "interface", series.interfaceName(), "vrid",
                Integer.toString(series.vrid()), "address", series.address());
        return List.of(
                Gauge.builder("keepwatch.vrrp.address.conflict", conflicts, c -> c.inProgress(series))
                        .description("1 while another station claims this virtual address (split brain), else 0")
                        .tags(tags).register(registry),
                FunctionCounter.builder("keepwatch.vrrp.address.conflicts", conflicts, c -> c.begun(series))
                        .description("Conflicts over this virtual address that began").tags(tags).register(registry));
    }
}
