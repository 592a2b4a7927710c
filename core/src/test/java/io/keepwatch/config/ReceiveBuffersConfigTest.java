package io.keepwatch.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.keepwatch.config.diagnostic.Diagnostic;
import io.keepwatch.config.model.ReceiveBuffers;
import io.keepwatch.config.model.ReceiveBuffers.Size;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The netlink receive buffer keywords of global_defs, read as keepalived 2.2.7 reads them. */
class ReceiveBuffersConfigTest {

    private static ConfigResult read(String globals) {
        return ConfigLoader.loadString("b.conf", "global_defs {\n" + globals + "\n}\n", Path.of("/nonexistent"), "n");
    }

    private static ReceiveBuffers buffers(String globals) {
        ConfigResult r = read(globals);
        assertThat(r.errors()).isEmpty();
        assertThat(r.warnings()).isEmpty();
        return r.config().orElseThrow().global().receiveBuffers();
    }

    @Test
    void theKernelsDefaultsUnlessAsked() {
        assertThat(buffers("")).isEqualTo(ReceiveBuffers.DEFAULTS);
    }

    @Test
    void eachSocketHasItsSizeAndForce() {
        assertThat(buffers("""
                vrrp_netlink_cmd_rcv_bufs 1048576
                vrrp_netlink_monitor_rcv_bufs 2097152
                vrrp_netlink_monitor_rcv_bufs_force
                process_monitor_rcv_bufs 500000
                process_monitor_rcv_bufs_force true
                vrrp_netlink_cmd_rcv_bufs_force no"""))
                .isEqualTo(new ReceiveBuffers(new Size(1048576, false), new Size(2097152, true), new Size(500000, true)));
    }

    @Test
    void zeroChangesNothing() {
        assertThat(buffers("vrrp_netlink_cmd_rcv_bufs 65536\nvrrp_netlink_cmd_rcv_bufs 0").netlinkCmd())
                .isEqualTo(new Size(65536, false));
    }

    @Test
    void badValuesAreErrorsAndKeepTheSetting() {
        ConfigResult r = read("process_monitor_rcv_bufs 4096\nprocess_monitor_rcv_bufs lots\nprocess_monitor_rcv_bufs"
                + "\nprocess_monitor_rcv_bufs_force maybe");
        assertThat(r.errors()).map(Diagnostic::toString).containsExactly(
                "b.conf:3: process_monitor_rcv_bufs 'lots' is not a number",
                "b.conf:4: process_monitor_rcv_bufs size missing",
                "b.conf:5: process_monitor_rcv_bufs_force 'maybe' is not one of true, false, yes, no, on, off");
    }
}
