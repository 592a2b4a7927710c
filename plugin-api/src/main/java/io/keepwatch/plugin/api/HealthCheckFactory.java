package io.keepwatch.plugin.api;

import org.pf4j.ExtensionPoint;

/**
 * Creates health checks of one {@link #type()}: a {@code vrrp_check NAME { type TYPE ... }} block is
 * handed to the factory whose type matches. Implementations are PF4J extensions
 * ({@code @Extension}) with a public no-argument constructor.
 */
public interface HealthCheckFactory extends ExtensionPoint {

    /** The {@code type} keyword value this factory serves, e.g. {@code http}. Unique per keepwatch. */
    String type();

    /** Short description for {@code keepwatch plugins}. */
    default String description() {
        return type() + " health check";
    }

    /**
     * Binds the type-specific keywords of {@code context.config()} into a ready check.
     *
     * <p>The block also holds the generic keywords {@code type}, {@code interval}, {@code timeout},
     * {@code rise}, {@code fall}, {@code weight} and {@code init_fail}: ignore them (see
     * {@link HealthCheckSettings#GENERIC_KEYWORDS}).
     *
     * @throws PluginConfigException when the block is wrong, naming {@code file:line}
     */
    HealthCheck create(PluginContext context);
}
