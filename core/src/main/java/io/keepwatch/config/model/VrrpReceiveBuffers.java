package io.keepwatch.config.model;

import java.util.Objects;

/**
 * How keepalived sizes the receive buffer of its raw VRRP sockets ({@code vrrp_rx_bufs_policy},
 * {@code vrrp_rx_bufs_multiplier} in {@code global_defs}). Each instance on a socket adds its share:
 * its own {@code kernel_rx_buf_size} if set, else what the policy gives; a socket whose instances
 * add nothing keeps the kernel's default (net.core.rmem_default).
 *
 * @param policy     what an instance without {@code kernel_rx_buf_size} adds
 * @param size       with {@link Policy#SIZE}: the bytes each instance adds
 * @param multiplier with {@link Policy#MTU} and {@link Policy#ADVERT}: how many MTUs or adverts
 *                   each instance adds; default 3
 */
public record VrrpReceiveBuffers(Policy policy, long size, int multiplier) {

    /** keepalived's RX_BUFS_POLICY_* and RX_BUFS_SIZE. */
    public enum Policy {
        /** Nothing: the kernel's default. */
        NONE,
        /** The interface's MTU times the multiplier. */
        MTU,
        /** The length of the instance's advert (with its IPv4 header) times the multiplier. */
        ADVERT,
        /** A fixed size. */
        SIZE
    }

    public static final int DEFAULT_MULTIPLIER = 3;
    /** The largest size keepalived reads (an unsigned int). */
    public static final long MAX_SIZE = 0xFFFF_FFFFL;
    public static final VrrpReceiveBuffers DEFAULTS = new VrrpReceiveBuffers(Policy.NONE, 0, DEFAULT_MULTIPLIER);

    public VrrpReceiveBuffers {
        Objects.requireNonNull(policy, "policy");
        if (size < 0 || size > MAX_SIZE) throw new IllegalArgumentException("size out of range: " + size);
        if (multiplier < 1) throw new IllegalArgumentException("multiplier must be at least 1: " + multiplier);
    }
}
