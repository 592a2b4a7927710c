package io.keepwatch.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.keepwatch.config.diagnostic.Diagnostic;
import io.keepwatch.config.model.ReceiveBuffers;
import io.keepwatch.config.model.ReceiveBuffers.Size;
import io.keepwatch.config.model.VrrpReceiveBuffers;
import io.keepwatch.config.model.VrrpReceiveBuffers.Policy;
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
                .isEqualTo(new ReceiveBuffers(new Size(1048576, false), new Size(2097152, true), new Size(500000, true),
                        VrrpReceiveBuffers.DEFAULTS));
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

    @Test
    void theVrrpPolicyIsMtuAdvertOrASize() {
        assertThat(buffers("vrrp_rx_bufs_policy mtu").vrrp()).isEqualTo(new VrrpReceiveBuffers(Policy.MTU, 0, 3));
        assertThat(buffers("vrrp_rx_bufs_policy ADVERT\nvrrp_rx_bufs_multiplier 10").vrrp())
                .isEqualTo(new VrrpReceiveBuffers(Policy.ADVERT, 0, 10));
        assertThat(buffers("vrrp_rx_bufs_policy 65536").vrrp()).isEqualTo(new VrrpReceiveBuffers(Policy.SIZE, 65536, 3));
    }

    @Test
    void policiesThatCannotGoTogetherAreErrorsAsKeepalivedsAre() {
        // keepalived or's the words of every vrrp_rx_bufs_policy line, then keeps a size over MTU and
        // ADVERT, and MTU over ADVERT
        ConfigResult r = read("vrrp_rx_bufs_policy MTU\nvrrp_rx_bufs_policy ADVERT");
        assertThat(r.warnings()).map(Diagnostic::toString).containsExactly(
                "b.conf:3: warning: Cannot set both vrrp_rx_bufs_policy MTU and ADVERT, ignoring ADVERT");
        assertThat(r.config().orElseThrow().global().receiveBuffers().vrrp().policy()).isEqualTo(Policy.MTU);
        r = read("vrrp_rx_bufs_policy 4096 MTU");
        assertThat(r.warnings()).map(Diagnostic::toString).containsExactly(
                "b.conf:2: warning: Cannot set vrrp_rx_bufs_policy size and policy, ignoring policy");
        assertThat(r.config().orElseThrow().global().receiveBuffers().vrrp())
                .isEqualTo(new VrrpReceiveBuffers(Policy.SIZE, 4096, 3));
    }

    @Test
    void aSizeIsReadFromTheFirstWordOnly() {
        // keepalived reads the size of any word that is not MTU or ADVERT from the line's first word
        ConfigResult r = read("vrrp_rx_bufs_policy MTU 4096\nvrrp_rx_bufs_policy\nvrrp_rx_bufs_multiplier 0"
                + "\nvrrp_rx_bufs_multiplier 2 3");
        assertThat(r.errors()).map(Diagnostic::toString).containsExactly(
                "b.conf:2: Invalid vrrp_rx_bufs_policy 4096",
                "b.conf:3: vrrp_rx_bufs_policy missing",
                "b.conf:4: Invalid vrrp_rx_bufs_multiplier 0",
                "b.conf:5: Invalid vrrp_rx_bufs_multiplier");
    }

    @Test
    void anInstanceMayAskForItsOwnShare() {
        ConfigResult r = ConfigLoader.loadString("i.conf", """
                vrrp_instance A {
                 interface eth0
                 virtual_router_id 1
                 kernel_rx_buf_size 100000
                }
                vrrp_instance B {
                 interface eth0
                 virtual_router_id 2
                 kernel_rx_buf_size -1
                }
                """, Path.of("/nonexistent"), "n");
        assertThat(r.errors()).map(Diagnostic::toString).containsExactly(
                "i.conf:9: vrrp_instance B: invalid kernel_rx_buf_size specified");
        r = ConfigLoader.loadString("i.conf", "vrrp_instance A {\n interface eth0\n virtual_router_id 1\n"
                + " kernel_rx_buf_size 100000\n}\n", Path.of("/nonexistent"), "n");
        assertThat(r.config().orElseThrow().instances().getFirst().interfaceOptions().kernelRxBufSize())
                .isEqualTo(100000L);
    }
}
