package io.keepwatch.metrics;

import io.keepwatch.config.model.KeepalivedExporter;
import io.keepwatch.plugins.CheckScheduler;
import io.keepwatch.runtime.InstanceStatus;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * The names and labels of the keepalived Prometheus exporters ({@link KeepalivedExporter}), so
 * dashboards and alerts written for keepalived keep working. Like the exporters, it builds every
 * sample at scrape time from the latest statistics: series come and go with instances, and a label
 * that follows the state (gen2brain's {@code state}) needs no bookkeeping.
 */
public final class KeepalivedCompatMeters implements MultiCollector {

    private final StatusStore store;
    private final MeterRegistry registry;
    private final Set<KeepalivedExporter> exporters;

    private KeepalivedCompatMeters(StatusStore store, MeterRegistry registry, Set<KeepalivedExporter> exporters) {
        this.store = store;
        this.registry = registry;
        this.exporters = exporters.isEmpty() ? Set.of() : EnumSet.copyOf(exporters);
    }

    /** Adds the names of {@code exporters} to what {@code metrics} serves; none when it is empty. */
    public static void bind(Metrics metrics, StatusStore store, Set<KeepalivedExporter> exporters) {
        if (!exporters.isEmpty()) {
            metrics.register(new KeepalivedCompatMeters(store, metrics.get(), exporters));
        }
    }

    @Override
    public MetricSnapshots collect() {
        List<MetricSnapshot> out = new ArrayList<>();
        // both exporters: 1 when they could read keepalived; keepwatch serving is keepwatch running
        Family.addTo(out, new Family("keepalived_up", "Status", Family.Type.GAUGE).add(1));
        List<InstanceStatus> instances = store.instances();
        if (exporters.contains(KeepalivedExporter.MEHDY)) {
            out.addAll(MehdyExporterNames.snapshots(instances, store::counters, scripts()));
        }
        if (exporters.contains(KeepalivedExporter.GEN2BRAIN)) {
            out.addAll(Gen2brainExporterNames.snapshots(instances, store::counters));
        }
        return new MetricSnapshots(out);
    }

    /**
     * keepalived's VRRP scripts: every check keepwatch's scheduler runs (a {@code vrrp_script}, or a
     * {@code vrrp_check} named in {@code track_script} the same way), from its own meters.
     */
    private List<MehdyExporterNames.Script> scripts() {
        List<MehdyExporterNames.Script> scripts = new ArrayList<>();
        for (Gauge up : registry.find(CheckScheduler.UP_GAUGE).gauges()) {
            String name = up.getId().getTag("check");
            if (name == null) {
                continue;
            }
            Gauge state = registry.find(CheckScheduler.RUN_STATE_GAUGE).tag("check", name).gauge();
            // NaN: no result has decided it yet, and the instances assume it good (init_fail starts at 0)
            scripts.add(new MehdyExporterNames.Script(name, up.value() != 0.0,
                    state == null || Double.isNaN(state.value()) ? 0 : (int) state.value()));
        }
        scripts.sort(Comparator.comparing(MehdyExporterNames.Script::name));
        return scripts;
    }
}
