package io.keepwatch.config.bind;

import io.keepwatch.config.model.ReceiveBuffers;
import io.keepwatch.config.model.ReceiveBuffers.Size;
import io.keepwatch.config.model.VrrpReceiveBuffers;
import io.keepwatch.config.model.VrrpReceiveBuffers.Policy;
import io.keepwatch.plugin.api.ConfigNode;
import java.util.OptionalLong;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Binds the receive buffer keywords of {@code global_defs} to {@link ReceiveBuffers}. As keepalived
 * 2.2.7: for the netlink sockets a size of 0 changes nothing, a bad size is an error and keeps the
 * previous one, and {@code _force} without a value means true; {@code vrrp_rx_bufs_policy} lines add
 * up (MTU, ADVERT or a size), a size wins over MTU and ADVERT, and MTU over ADVERT, each with a warning.
 */
final class ReceiveBuffersBinder {

    /** The keywords this binder reads. */
    static final Set<String> KEYWORDS = Set.of("vrrp_netlink_cmd_rcv_bufs", "vrrp_netlink_cmd_rcv_bufs_force",
            "vrrp_netlink_monitor_rcv_bufs", "vrrp_netlink_monitor_rcv_bufs_force",
            "process_monitor_rcv_bufs", "process_monitor_rcv_bufs_force",
            "vrrp_rx_bufs_policy", "vrrp_rx_bufs_multiplier");

    private static final Pattern UNSIGNED = Pattern.compile("\\+?\\d+");

    private final Values values;
    private Size cmd = Size.DEFAULT;
    private Size monitor = Size.DEFAULT;
    private Size processMonitor = Size.DEFAULT;
    /** The vrrp_rx_bufs_policy words seen so far: keepalived or's them into one set of flags. */
    private boolean mtu;
    private boolean advert;
    private boolean sized;
    private long size;
    private int multiplier = VrrpReceiveBuffers.DEFAULT_MULTIPLIER;

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
            case "vrrp_rx_bufs_policy" -> policy(n);
            case "vrrp_rx_bufs_multiplier" -> multiplier(n);
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

    /**
     * {@code vrrp_rx_bufs_policy MTU|ADVERT|SIZE...}. As keepalived, a word that is neither MTU nor
     * ADVERT (either case) stands for the size written as the first word: valid when that one is a
     * number, an error naming the word otherwise.
     */
    private void policy(ConfigNode n) {
        if (n.arguments().isEmpty()) {
            values.diagnostics().error(n.position(), "vrrp_rx_bufs_policy missing");
            return;
        }
        for (String word : n.arguments()) {
            if (word.equalsIgnoreCase("MTU")) {
                mtu = true;
            } else if (word.equalsIgnoreCase("ADVERT")) {
                advert = true;
            } else {
                OptionalLong first = unsigned(n.arguments().getFirst());
                if (first.isEmpty()) {
                    values.diagnostics().error(n.position(), "Invalid vrrp_rx_bufs_policy " + word);
                } else {
                    size = first.getAsLong();
                    sized = true;
                }
            }
        }
        if (sized && (mtu || advert)) {
            values.diagnostics().warning(n.position(), "Cannot set vrrp_rx_bufs_policy size and policy, ignoring policy");
            mtu = false;
            advert = false;
        } else if (mtu && advert) {
            values.diagnostics().warning(n.position(), "Cannot set both vrrp_rx_bufs_policy MTU and ADVERT, ignoring ADVERT");
            advert = false;
        }
    }

    /** {@code vrrp_rx_bufs_multiplier N}: exactly one number, 1 or more. */
    private void multiplier(ConfigNode n) {
        if (n.arguments().size() != 1) {
            values.diagnostics().error(n.position(), "Invalid vrrp_rx_bufs_multiplier");
            return;
        }
        OptionalLong value = unsigned(n.arguments().getFirst());
        if (value.isEmpty() || value.getAsLong() < 1 || value.getAsLong() > Integer.MAX_VALUE) {
            values.diagnostics().error(n.position(), "Invalid vrrp_rx_bufs_multiplier " + n.arguments().getFirst());
        } else {
            multiplier = (int) value.getAsLong();
        }
    }

    /** A decimal number 0..4294967295, as keepalived reads an unsigned value. */
    static OptionalLong unsigned(String text) {
        if (!UNSIGNED.matcher(text).matches()) return OptionalLong.empty();
        try {
            long value = Long.parseLong(text);
            return value <= VrrpReceiveBuffers.MAX_SIZE ? OptionalLong.of(value) : OptionalLong.empty();
        } catch (NumberFormatException tooLong) {
            return OptionalLong.empty();
        }
    }

    ReceiveBuffers build() {
        Policy policy = sized ? Policy.SIZE : mtu ? Policy.MTU : advert ? Policy.ADVERT : Policy.NONE;
        return new ReceiveBuffers(cmd, monitor, processMonitor,
                new VrrpReceiveBuffers(policy, sized ? size : 0, multiplier));
    }
}
