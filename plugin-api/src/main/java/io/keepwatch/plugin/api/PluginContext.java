package io.keepwatch.plugin.api;

import io.micrometer.core.instrument.MeterRegistry;
import java.util.Objects;
import org.slf4j.Logger;

/**
 * What keepwatch hands a factory to create one check or notifier.
 *
 * @param name the block's name ({@code vrrp_check NAME}, {@code vrrp_notifier NAME})
 * @param config the whole block, unbound
 * @param globals the {@code global_defs} values a plugin may need
 * @param logger a logger named after the plugin and the block
 * @param meterRegistry where the plugin may register its own meters (tag them with {@code name})
 */
public record PluginContext(String name, ConfigNode config, GlobalSettings globals, Logger logger,
                            MeterRegistry meterRegistry) {

    public PluginContext {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(globals, "globals");
        Objects.requireNonNull(logger, "logger");
        Objects.requireNonNull(meterRegistry, "meterRegistry");
    }
}
