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
 * @param scripts keepwatch's script runner, for a plugin that runs programs: keepalived's
 *                {@code vrrp_script} rules for users, file security and timeouts
 */
public record PluginContext(String name, ConfigNode config, GlobalSettings globals, Logger logger,
                            MeterRegistry meterRegistry, ScriptRunner scripts) {

    public PluginContext {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(globals, "globals");
        Objects.requireNonNull(logger, "logger");
        Objects.requireNonNull(meterRegistry, "meterRegistry");
        Objects.requireNonNull(scripts, "scripts");
    }

    /** A context without a script runner ({@link ScriptRunner#NONE}). */
    public PluginContext(String name, ConfigNode config, GlobalSettings globals, Logger logger,
                         MeterRegistry meterRegistry) {
        this(name, config, globals, logger, meterRegistry, ScriptRunner.NONE);
    }
}
