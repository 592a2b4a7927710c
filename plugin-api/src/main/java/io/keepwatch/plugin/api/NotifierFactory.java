package io.keepwatch.plugin.api;

import org.pf4j.ExtensionPoint;

/**
 * Creates notifiers of one {@link #type()}: a {@code vrrp_notifier NAME { type TYPE ... }} block is
 * handed to the factory whose type matches. Implementations are PF4J extensions
 * ({@code @Extension}) with a public no-argument constructor.
 */
public interface NotifierFactory extends ExtensionPoint {

    /** The {@code type} keyword value this factory serves, e.g. {@code webhook}. */
    String type();

    /** Short description for {@code keepwatch plugins}. */
    default String description() {
        return type() + " notifier";
    }

    /**
     * Whether keepwatch should create one notifier of this type from {@code global_defs} alone when
     * the configuration declares none (the mail alerts of keepalived need no block of their own).
     * The notifier then gets an empty block named after the type.
     */
    default boolean enabledByGlobals(GlobalSettings globals) {
        return false;
    }

    /**
     * Binds {@code context.config()} (the block without its {@code type} line being significant)
     * into a ready notifier.
     *
     * @throws PluginConfigException when the block is wrong, naming {@code file:line}
     */
    Notifier create(PluginContext context);
}
