package io.keepwatch.plugins;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What the notifiers did, per notifier name and type, kept across the dispatchers a reload replaces
 * (a notifier that stays keeps counting), and served as meters once a registry is bound: counters
 * {@code keepwatch.notifications.sent}, {@code .failed} and {@code .retried}, gauge
 * {@code keepwatch.notifications.queued}, tagged {@code notifier} and {@code type}.
 */
public final class NotificationCounts {

    /** One notifier's counts. */
    record Counts(AtomicLong sent, AtomicLong failed, AtomicLong retried, AtomicInteger queued) {
        Counts() {
            this(new AtomicLong(), new AtomicLong(), new AtomicLong(), new AtomicInteger());
        }
    }

    private final Map<List<String>, Counts> byNotifier = new LinkedHashMap<>();
    private MeterRegistry registry;

    /** Counts whose meters go to {@code registry}. */
    public static NotificationCounts boundTo(MeterRegistry registry) {
        NotificationCounts counts = new NotificationCounts();
        counts.bindTo(registry);
        return counts;
    }

    /** Serves every notifier's counts, now and later, in {@code registry}. */
    public synchronized void bindTo(MeterRegistry registry) {
        this.registry = registry;
        byNotifier.forEach((key, counts) -> register(registry, key.get(0), key.get(1), counts));
    }

    synchronized Counts of(NamedNotifier notifier) {
        return byNotifier.computeIfAbsent(List.of(notifier.name(), notifier.type()), key -> {
            Counts counts = new Counts();
            if (registry != null) {
                register(registry, notifier.name(), notifier.type(), counts);
            }
            return counts;
        });
    }

    private static void register(MeterRegistry registry, String name, String type, Counts counts) {
        counter(registry, "keepwatch.notifications.sent", name, type, counts.sent(), "notifications delivered");
        counter(registry, "keepwatch.notifications.failed", name, type, counts.failed(),
                "notifications dropped after the last attempt, or from a full backlog");
        counter(registry, "keepwatch.notifications.retried", name, type, counts.retried(),
                "notification attempts repeated");
        Gauge.builder("keepwatch.notifications.queued", counts.queued(), AtomicInteger::get).tag("notifier", name)
                .tag("type", type).description("notifications waiting for their notifier").strongReference(true)
                .register(registry);
    }

    private static void counter(MeterRegistry registry, String meter, String name, String type, AtomicLong count,
                                String description) {
        FunctionCounter.builder(meter, count, AtomicLong::get).tag("notifier", name).tag("type", type)
                .description(description).register(registry);
    }
}
