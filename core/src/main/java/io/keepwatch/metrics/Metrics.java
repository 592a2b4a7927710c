package io.keepwatch.metrics;

import io.keepwatch.plugins.LazyRegistry;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.FileDescriptorMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.prometheus.metrics.model.registry.MultiCollector;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * The process's one meter registry, made when first asked for ({@link #get()}: a scrape, a check, a
 * plugin's extension): until then no metrics library is loaded. The runtime hands it on to the
 * plugin host, so checks and notifiers add their meters to the same scrape; meters over state
 * keepwatch keeps anyway are bound as it is made ({@link #whenMade}); {@link #scrape()} renders all
 * of it in the Prometheus text format.
 */
public final class Metrics implements LazyRegistry, AutoCloseable {

    /** Content type of {@link #scrape()}: Prometheus text format 0.0.4. */
    public static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private final List<Consumer<MeterRegistry>> binders = new ArrayList<>();
    private volatile PrometheusMeterRegistry registry;
    private JvmGcMetrics gc;

    private Metrics() {}

    /**
     * The registry, not made yet; once made it has the process meters that need no JMX, and the JVM
     * and system ones are bound at the first {@link #scrape()}.
     */
    public static Metrics create() {
        return new Metrics();
    }

    private static PrometheusMeterRegistry newRegistry() {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        // Two of Micrometer's names break Prometheus's naming rules (promtool check metrics refuses
        // them): an abbreviated unit (process_cpu_time_ns_total) and _count on a gauge
        // (system_cpu_count). They are served under conventional names instead.
        registry.config().meterFilter(MeterFilter.deny(id -> id.getName().equals("process.cpu.time")
                || id.getName().equals("system.cpu.count")));
        FunctionCounter.builder("process.cpu", ProcessHandle.current(),
                        p -> p.info().totalCpuDuration().map(d -> d.toNanos() / 1e9).orElse(Double.NaN))
                .baseUnit("seconds").description("CPU time used by the process, user and system")
                .register(registry);
        Gauge.builder("jvm.available.processors", Runtime.getRuntime(), Runtime::availableProcessors)
                .description("The number of processors available to the Java virtual machine")
                .register(registry);
        return registry;
    }

    private PrometheusMeterRegistry made() {
        PrometheusMeterRegistry made = registry;
        if (made != null) {
            return made;
        }
        synchronized (this) {
            if (registry == null) {
                registry = newRegistry();
                binders.forEach(b -> b.accept(registry));
                binders.clear();
            }
            return registry;
        }
    }

    @Override
    public synchronized void whenMade(Consumer<MeterRegistry> binder) {
        if (registry != null) {
            binder.accept(registry);
        } else {
            binders.add(binder);
        }
    }

    /**
     * Micrometer's JVM and system binders read the platform MXBeans: binding them loads JMX and its
     * implementation (over a hundred classes, resident for the life of the process, and a GC
     * notification handled after every collection). A daemon that nobody scrapes needs none of it,
     * so they are bound when the first scrape asks; the GC meters count from then.
     */
    private synchronized void bindJvmMeters() {
        if (gc != null) {
            return;
        }
        PrometheusMeterRegistry registry = made();
        new JvmMemoryMetrics().bindTo(registry);
        JvmGcMetrics bound = new JvmGcMetrics();
        bound.bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
        new FileDescriptorMetrics().bindTo(registry);
        gc = bound;
    }

    /** The registry every part of keepwatch (and every plugin) records into, made now if it was not. */
    @Override
    public MeterRegistry get() {
        return made();
    }

    /** Adds samples built at scrape time, outside Micrometer's meters, to what {@link #scrape()} renders. */
    public void register(MultiCollector collector) {
        made().getPrometheusRegistry().register(collector);
    }

    /** Everything registered, in the Prometheus text format. */
    public String scrape() {
        bindJvmMeters();
        return made().scrape();
    }

    @Override
    public synchronized void close() {
        if (gc != null) {
            gc.close();
        }
        if (registry != null) {
            registry.close();
        }
    }
}
