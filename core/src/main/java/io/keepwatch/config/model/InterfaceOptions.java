package io.keepwatch.config.model;

/**
 * How a {@code vrrp_instance} uses its interface's sockets.
 *
 * @param kernelRxBufSize {@code kernel_rx_buf_size}: the bytes the instance adds to its VRRP socket's
 *                        receive buffer in place of what {@code vrrp_rx_bufs_policy} gives; 0 when unset
 */
public record InterfaceOptions(long kernelRxBufSize) {

    public static final InterfaceOptions DEFAULTS = new InterfaceOptions(0);

    public InterfaceOptions {
        if (kernelRxBufSize < 0 || kernelRxBufSize > VrrpReceiveBuffers.MAX_SIZE) {
            throw new IllegalArgumentException("kernel_rx_buf_size out of range: " + kernelRxBufSize);
        }
    }
}
