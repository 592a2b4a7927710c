package io.keepwatch.it;

import io.keepwatch.testing.Deadline;
import io.keepwatch.testing.RequiresNetns;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;

/**
 * vrrp_netlink_cmd_rcv_bufs, vrrp_netlink_monitor_rcv_bufs and process_monitor_rcv_bufs (with
 * _force) reach the daemon's sockets: {@code ss -f netlink -m} shows each buffer at twice the
 * configured size (the kernel's doubling), the forced ones beyond net.core.rmem_max.
 */
@RequiresNetns
class NetlinkReceiveBuffersTest {
    static final Duration WAIT = Duration.ofSeconds(20);

    /** {@code ss -f netlink -m -n}, in namespace {@code ns} or, if null, in this one. */
    private static String netlinkSockets(String ns) {
        ProcessBuilder pb = ns == null ? new ProcessBuilder("ss", "-f", "netlink", "-m", "-n")
                : new ProcessBuilder("ip", "netns", "exec", ns, "ss", "-f", "netlink", "-m", "-n");
        try {
            Process p = pb.redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            p.waitFor();
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "";
        }
    }

    @Test
    void eachSocketGetsItsConfiguredBuffer() throws Exception {
        // sizes beyond any rmem_max and of their own, so no other socket has them
        int monitor = 300_000_001 + 2 * ThreadLocalRandom.current().nextInt(1000);
        int processMonitor = 400_000_001 + 2 * ThreadLocalRandom.current().nextInt(1000);
        String seconds = Integer.toString(3_000_000 + ThreadLocalRandom.current().nextInt(1_000_000));
        try (Lan lan = Lan.create("itrcvbuf", 1)) {
            Lan.Host host = lan.host(1);
            // under rmem_max, so SO_RCVBUF takes it as it is
            int cmd = Integer.parseInt(host.ns().exec("cat", "/proc/sys/net/core/rmem_max").strip()) / 2
                    + 1 + 2 * ThreadLocalRandom.current().nextInt(1000);
            String file = "vrrp_track_process sleeper {\n  process sleep " + seconds + "\n  weight 10\n}\n"
                    + VrrpConf.v3("VI_1", 51, 100).vip("10.79.0.100/24").line("track_process {\n    sleeper\n  }")
                            .file("r")
                    .replace("global_defs {\n", "global_defs {\n  vrrp_netlink_cmd_rcv_bufs " + cmd
                            + "\n  vrrp_netlink_monitor_rcv_bufs " + monitor + "\n  vrrp_netlink_monitor_rcv_bufs_force"
                            + "\n  process_monitor_rcv_bufs " + processMonitor + "\n  process_monitor_rcv_bufs_force\n");
            lan.keepwatch(host, file).awaitLog("\\(VI_1\\) Entering MASTER STATE", WAIT);

            String ns = host.ns().name();
            Deadline.await("the netlink monitor socket's forced buffer", WAIT,
                    () -> netlinkSockets(ns).contains("rb" + 2L * monitor + ","));
            Deadline.await("the netlink request sockets' buffer", WAIT,
                    () -> netlinkSockets(ns).contains("rb" + 2L * cmd + ","));
            // the proc connector socket lives in the initial network namespace
            Deadline.await("the proc connector socket's forced buffer", WAIT,
                    () -> netlinkSockets(null).contains("rb" + 2L * processMonitor + ","));
        }
    }
}
