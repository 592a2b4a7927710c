package io.keepwatch.config.model;

import java.util.Objects;

/**
 * The receive buffers keepalived lets {@code global_defs} size for its netlink and VRRP sockets.
 *
 * @param netlinkCmd     {@code vrrp_netlink_cmd_rcv_bufs} and {@code _force}: the sockets that send
 *                       rtnetlink requests and read their answers
 * @param netlinkMonitor {@code vrrp_netlink_monitor_rcv_bufs} and {@code _force}: the socket that hears
 *                       link, address and route changes
 * @param processMonitor {@code process_monitor_rcv_bufs} and {@code _force}: the proc connector
 *                       socket of {@code vrrp_track_process}
 * @param vrrp           {@code vrrp_rx_bufs_policy} and {@code vrrp_rx_bufs_multiplier}: the raw VRRP sockets
 */
public record ReceiveBuffers(Size netlinkCmd, Size netlinkMonitor, Size processMonitor, VrrpReceiveBuffers vrrp) {

    /**
     * One socket's SO_RCVBUF request.
     *
     * @param bytes 0 keeps the kernel's default, otherwise what to ask for (the kernel doubles it for
     *              its bookkeeping)
     * @param force SO_RCVBUFFORCE instead of SO_RCVBUF, which the kernel caps at net.core.rmem_max
     */
    public record Size(int bytes, boolean force) {
        public static final Size DEFAULT = new Size(0, false);

        public Size {
            if (bytes < 0) throw new IllegalArgumentException("receive buffer size must not be negative: " + bytes);
        }
    }

    public static final ReceiveBuffers DEFAULTS = new ReceiveBuffers(Size.DEFAULT, Size.DEFAULT, Size.DEFAULT,
            VrrpReceiveBuffers.DEFAULTS);

    public ReceiveBuffers {
        Objects.requireNonNull(netlinkCmd, "netlinkCmd");
        Objects.requireNonNull(netlinkMonitor, "netlinkMonitor");
        Objects.requireNonNull(processMonitor, "processMonitor");
        Objects.requireNonNull(vrrp, "vrrp");
    }
}
