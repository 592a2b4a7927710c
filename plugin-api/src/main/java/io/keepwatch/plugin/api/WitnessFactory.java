package io.keepwatch.plugin.api;

import org.pf4j.ExtensionPoint;

/**
 * Creates witnesses of one {@link #type()}: a {@code vrrp_witness NAME { type TYPE ... }} block is
 * handed to the factory whose type matches. Implementations are PF4J extensions
 * ({@code @Extension}) with a public no-argument constructor.
 *
 * <p>A witness is a consistent store outside the VRRP segment (etcd, a Kubernetes Lease) that
 * grants exclusive, expiring holds on keys. keepwatch uses it two ways: to fence a VRRP master (an
 * instance with {@code witness NAME} may hold its addresses only while it holds its key), and to elect
 * without VRRP (an instance with {@code election NAME} is master while it holds its key).
 */
public interface WitnessFactory extends ExtensionPoint {

    /** The {@code type} keyword value this factory serves, e.g. {@code etcd}. */
    String type();

    /** Short description for {@code keepwatch plugins}. */
    default String description() {
        return type() + " witness";
    }

    /**
     * Binds {@code context.config()} into a ready witness. It should not contact the store yet:
     * keepwatch opens sessions when an instance needs one, so a store that is down at start is a
     * runtime state (no holder), not a configuration error.
     *
     * @throws PluginConfigException when the block is wrong, naming {@code file:line}
     */
    Witness create(PluginContext context);
}
