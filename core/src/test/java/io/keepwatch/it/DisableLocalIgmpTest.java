package io.keepwatch.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.keepwatch.testing.KeepwatchProcess;
import io.keepwatch.testing.NetNs;
import io.keepwatch.testing.RequiresNetns;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * disable_local_igmp: net.ipv4.igmp_link_local_mcast_reports (the namespace's own) is 0 while the
 * daemon runs and 1 again after the stop.
 */
@RequiresNetns
class DisableLocalIgmpTest {

    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final String SYSCTL = "/proc/sys/net/ipv4/igmp_link_local_mcast_reports";

    private static String value(NetNs.Namespace ns) {
        return ns.exec("cat", SYSCTL).trim();
    }

    @Test
    void clearedWhileTheDaemonRunsAndPutBackAtTheStop() throws Exception {
        try (Lan lan = Lan.create("igmp", 1)) {
            Lan.Host h1 = lan.host(1);
            NetNs.Namespace ns = h1.ns();
            assertThat(value(ns)).isEqualTo("1");
            String config = VrrpConf.v3("VI_1", 42, 200).vip("10.77.0.100/24").file("r1")
                    .replace("global_defs {\n", "global_defs {\n  disable_local_igmp\n");
            KeepwatchProcess kw = lan.keepwatch(h1, config);
            kw.awaitLog("BACKUP -> MASTER", Lan.START_UP);
            assertThat(value(ns)).isEqualTo("0");

            kw.signal("TERM");
            assertThat(kw.awaitExit(WAIT)).isZero();
            assertThat(value(ns)).as("put back at the stop").isEqualTo("1");
        }
    }
}
