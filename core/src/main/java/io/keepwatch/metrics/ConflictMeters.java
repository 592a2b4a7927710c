package io.keepwatch.metrics;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;

/**
 * {@code keepwatch_vrrp_address_conflict} (1 while another station claims the address, 0 after) and
 * {@code keepwatch_vrrp_address_conflicts_total}, labelled {@code instance}, {@code interface},
 * {@code vrid}, {@code address}; added when an address is first claimed, and kept: a conflict that
 * ended is still worth an alert's {@code increase()}.
 */
public final class ConflictMeters implements AddressConflicts.Listener {

    private final MeterRegistry registry;
    private final AddressConflicts conflicts;

    private ConflictMeters(MeterRegistry registry, AddressConflicts conflicts) {
        this.registry = registry;
        this.conflicts = conflicts;
    }

    /** Binds the meters of every address {@code conflicts} has seen claimed, now and later. */
    public static ConflictMeters bind(MeterRegistry registry, AddressConflicts conflicts) {
        ConflictMeters meters = new ConflictMeters(registry, conflicts);
        conflicts.addListener(meters);
        return meters;
    }

    @Override
    public void added(AddressConflicts.Series series) {
        Tags tags = Tags.of("instance", series.instance(), "interface", series.interfaceName(), "vrid",
                Integer.toString(series.vrid()), "address", series.address());
        Gauge.builder("keepwatch.vrrp.address.conflict", conflicts, c -> c.inProgress(series))
                .description("1 while another station claims this virtual address (split brain), else 0")
                .tags(tags).register(registry);
        FunctionCounter.builder("keepwatch.vrrp.address.conflicts", conflicts, c -> c.begun(series))
                .description("Conflicts over this virtual address that began").tags(tags).register(registry);
    }
}
