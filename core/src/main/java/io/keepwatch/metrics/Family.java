package io.keepwatch.metrics;

import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.UnknownSnapshot;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The samples of one metric family, built at scrape time the way the keepalived exporters build
 * theirs (constant metrics from the latest statistics). A label set given twice keeps its first value:
 * the exposition format allows one sample per label set.
 */
final class Family {

    enum Type { COUNTER, GAUGE, UNTYPED }

    private final String name;
    private final String help;
    private final Type type;
    private final Map<Labels, Double> samples = new LinkedHashMap<>();

    Family(String name, String help, Type type) {
        this.name = name;
        this.help = help;
        this.type = type;
    }

    /** One sample; {@code labels} are name, value, name, value, ... */
    Family add(double value, String... labels) {
        samples.putIfAbsent(Labels.of(labels), value);
        return this;
    }

    /** The snapshot, or nothing for a family without samples (no HELP and TYPE lines without data). */
    Optional<MetricSnapshot> snapshot() {
        if (samples.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(switch (type) {
            case COUNTER -> {
                CounterSnapshot.Builder b = CounterSnapshot.builder().name(name).help(help);
                samples.forEach((l, v) -> b.dataPoint(
                        CounterSnapshot.CounterDataPointSnapshot.builder().labels(l).value(v).build()));
                yield b.build();
            }
            case GAUGE -> {
                GaugeSnapshot.Builder b = GaugeSnapshot.builder().name(name).help(help);
                samples.forEach((l, v) -> b.dataPoint(
                        GaugeSnapshot.GaugeDataPointSnapshot.builder().labels(l).value(v).build()));
                yield b.build();
            }
            case UNTYPED -> {
                UnknownSnapshot.Builder b = UnknownSnapshot.builder().name(name).help(help);
                samples.forEach((l, v) -> b.dataPoint(
                        UnknownSnapshot.UnknownDataPointSnapshot.builder().labels(l).value(v).build()));
                yield b.build();
            }
        });
    }

    static void addTo(List<MetricSnapshot> out, Family family) {
        family.snapshot().ifPresent(out::add);
    }
}
