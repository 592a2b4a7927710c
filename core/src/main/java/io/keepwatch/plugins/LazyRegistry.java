package io.keepwatch.plugins;

import io.micrometer.core.instrument.MeterRegistry;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The process's meter registry, made when something first needs it: a scrape, a check, a plugin's
 * extension. A daemon nobody scrapes, with no checks and no plugins, never loads the metrics
 * libraries. Meters over state keepwatch keeps anyway are bound by {@link #whenMade}, so they count
 * from the start whenever the registry comes.
 */
public interface LazyRegistry extends Supplier<MeterRegistry> {

    /** The registry, made now if it was not. */
    @Override
    MeterRegistry get();

    /** Runs {@code binder} once the registry is made: now, if it is. */
    void whenMade(Consumer<MeterRegistry> binder);

    /** A registry made already. */
    static LazyRegistry of(MeterRegistry registry) {
        return new LazyRegistry() {
            @Override
            public MeterRegistry get() {
                return registry;
            }

            @Override
            public void whenMade(Consumer<MeterRegistry> binder) {
                binder.accept(registry);
            }
        };
    }
}
