package io.keepwatch.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.keepwatch.testing.DaemonSockets;
import io.keepwatch.testing.Deadline;
import io.keepwatch.testing.KeepwatchProcess;
import io.keepwatch.testing.RequiresNetns;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;

/**
 * vrrp_rx_bufs_policy, vrrp_rx_bufs_multiplier and kernel_rx_buf_size size the daemon's raw VRRP
 * socket as keepalived 2.2.7 sizes it: the sum over the socket's instances of each one's
 * kernel_rx_buf_size, or of the multiplier times the interface's MTU, sized again when the MTU
 * changes. Read back with getsockopt(SO_RCVBUF) on the daemon's own socket, where the kernel
 * reports twice the size asked for.
 */
@RequiresNetns
class VrrpReceiveBuffersTest {
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final int VRRP = 112;

    private static List<Integer> vrrpSockets(KeepwatchProcess daemon) {
        try {
            return DaemonSockets.rawReceiveBuffers(daemon.pid(), VRRP);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void theSocketHoldsTheSumOfItsInstancesSharesAndFollowsTheMtu() throws Exception {
        // a size of its own, well under net.core.rmem_max, so SO_RCVBUF takes it as asked
        int own = 40_000 + 2 * ThreadLocalRandom.current().nextInt(1000);
        try (Lan lan = Lan.create("itrxbufs", 1)) {
            Lan.Host host = lan.host(1);
            host.ns().exec("ip", "link", "set", "eth0", "mtu", "1400");
            String file = VrrpConf.file("r",
                            VrrpConf.v3("VI_1", 51, 100).vip("10.79.0.100/24").line("kernel_rx_buf_size " + own),
                            VrrpConf.v3("VI_2", 52, 100).vip("10.79.0.101/24"))
                    .replace("global_defs {\n", "global_defs {\n  vrrp_rx_bufs_policy MTU\n  vrrp_rx_bufs_multiplier 5\n");
            KeepwatchProcess daemon = lan.keepwatch(host, file);
            daemon.awaitLog("\\(VI_1\\) Entering MASTER STATE", WAIT);
            daemon.awaitLog("\\(VI_2\\) Entering MASTER STATE", WAIT);

            // VI_1 adds its own size, VI_2 five MTUs; the kernel doubles the sum
            int before = 2 * (own + 5 * 1400);
            Deadline.await("the VRRP socket's buffer at " + before, WAIT, () -> vrrpSockets(daemon).equals(List.of(before)));

            host.ns().exec("ip", "link", "set", "eth0", "mtu", "1300");
            int after = 2 * (own + 5 * 1300);
            Deadline.await("the VRRP socket's buffer at " + after + " after the MTU change", WAIT,
                    () -> vrrpSockets(daemon).equals(List.of(after)));
        }
    }

    @Test
    void withoutAPolicyTheSocketKeepsTheKernelsDefault() throws Exception {
        try (Lan lan = Lan.create("itrxbufs", 1)) {
            Lan.Host host = lan.host(1);
            int rmemDefault = Integer.parseInt(host.ns().exec("cat", "/proc/sys/net/core/rmem_default").strip());
            KeepwatchProcess daemon = lan.keepwatch(host, VrrpConf.v3("VI_1", 51, 100).vip("10.79.0.100/24").file("r"));
            daemon.awaitLog("\\(VI_1\\) Entering MASTER STATE", WAIT);
            assertThat(vrrpSockets(daemon)).containsExactly(rmemDefault);
        }
    }
}
