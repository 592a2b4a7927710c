package io.keepwatch.config.bind;

import io.keepwatch.config.model.ReceiveBuffers;
import io.keepwatch.config.model.ReceiveBuffers.Size;
import io.keepwatch.plugin.api.ConfigNode;
import java.util.Set;

/**
 * Binds the netlink receive buffer keywords of {@code global_defs} to {@link ReceiveBuffers}. As
 * keepalived 2.2.7: a size of 0 changes nothing, a bad size is an error and keeps the previous one,
 * and {@code _force} without a value means true.
 */
final class ReceiveBuffersBinder {

    /** The keywords this binder reads. */
    static final Set<String> KEYWORDS = Set.of("vrrp_netlink_cmd_rcv_bufs", "vrrp_netlink_cmd_rcv_bufs_force",
            "vrrp_netlink_monitor_rcv_bufs", "vrrp_netlink_monitor_rcv_bufs_force",
            "process_monitor_rcv_bufs", "process_monitor_rcv_bufs_force");

    private final Values values;
    private Size cmd = Size.DEFAULT;
    private Size monitor = Size.DEFAULT;
    private Size processMonitor = Size.DEFAULT;

    ReceiveBuffersBinder(Values values) {
        this.values = values;
    }

    void bind(ConfigNode n) {
        switch (n.keyword()) {
            case "vrrp_netlink_cmd_rcv_bufs" -> cmd = size(n, cmd);
            case "vrrp_netlink_cmd_rcv_bufs_force" -> cmd = force(n, cmd);
            case "vrrp_netlink_monitor_rcv_bufs" -> monitor = size(n, monitor);
            case "vrrp_netlink_monitor_rcv_bufs_force" -> monitor = force(n, monitor);
            case "process_monitor_rcv_bufs" -> processMonitor = size(n, processMonitor);
            case "process_monitor_rcv_bufs_force" -> processMonitor = force(n, processMonitor);
            default -> throw new IllegalArgumentException(n.keyword());
        }
    }

    private Size size(ConfigNode n, Size before) {
        if (n.arguments().isEmpty()) {
            values.diagnostics().error(n.position(), n.keyword() + " size missing");
            return before;
        }
        int bytes = values.integer(n, 0, Integer.MAX_VALUE).orElse(0);
        return bytes == 0 ? before : new Size(bytes, before.force());
    }

    private Size force(ConfigNode n, Size before) {
        return values.flag(n).map(on -> new Size(before.bytes(), on)).orElse(before);
    }

    ReceiveBuffers build() {
        return new ReceiveBuffers(cmd, monitor, processMonitor);
    }
}
