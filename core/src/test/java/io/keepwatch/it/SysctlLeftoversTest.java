package io.keepwatch.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.keepwatch.testing.Deadline;
import io.keepwatch.testing.KeepwatchProcess;
import io.keepwatch.testing.NetNs;
import io.keepwatch.testing.RequiresNetns;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The sysctls keepwatch changes (promote_secondaries, disable_local_igmp's
 * igmp_link_local_mcast_reports, a VMAC's lower interface's arp_ignore and arp_filter, and
 * rp_filter moved off net.ipv4.conf.all) come back to the values they had before the first run,
 * though each run is killed with -9: the next start puts back what the killed run changed, before
 * it changes them again, so that its own stop knows the true values.
 */
@RequiresNetns
class SysctlLeftoversTest {

    private static final Duration WAIT = Duration.ofSeconds(20);
    /** Each setting the configuration below changes, with the value the test gives it first. */
    private static final Map<String, String> ORIGINAL = new LinkedHashMap<>();

    static {
        ORIGINAL.put("ipv4/conf/eth0/promote_secondaries", "0");
        ORIGINAL.put("ipv4/igmp_link_local_mcast_reports", "1");
        ORIGINAL.put("ipv4/conf/eth0/arp_ignore", "0");
        ORIGINAL.put("ipv4/conf/eth0/arp_filter", "0");
        ORIGINAL.put("ipv4/conf/all/rp_filter", "2");
        ORIGINAL.put("ipv4/conf/default/rp_filter", "0");
        ORIGINAL.put("ipv4/conf/eth0/rp_filter", "0");
    }

    private static String changing() {
        return VrrpConf.file("r1",
                        VrrpConf.v3("VI_1", 42, 200).line("use_vmac").vip("10.77.0.100/24"),
                        VrrpConf.v3("VI_2", 43, 200).line("promote_secondaries").vip("10.77.0.101/24"))
                .replace("global_defs {\n", "global_defs {\n  disable_local_igmp\n");
    }

    private static String plain() {
        return VrrpConf.v3("VI_2", 43, 200).vip("10.77.0.101/24").file("r1");
    }

    private static String value(NetNs.Namespace ns, String path) {
        return ns.exec("cat", "/proc/sys/net/" + path).trim();
    }

    private static Map<String, String> values(NetNs.Namespace ns) {
        Map<String, String> now = new LinkedHashMap<>();
        ORIGINAL.keySet().forEach(p -> now.put(p, value(ns, p)));
        return now;
    }

    private static KeepwatchProcess masterThenKill(Lan lan, Lan.Host h) throws Exception {
        KeepwatchProcess kw = lan.keepwatch(h, changing());
        kw.awaitLog("\\(VI_1\\).*BACKUP -> MASTER", Lan.START_UP);
        kw.awaitLog("\\(VI_2\\).*BACKUP -> MASTER", WAIT);
        assertThat(values(h.ns())).as("changed by the run").containsExactlyInAnyOrderEntriesOf(Map.of(
                "ipv4/conf/eth0/promote_secondaries", "1", "ipv4/igmp_link_local_mcast_reports", "0",
                "ipv4/conf/eth0/arp_ignore", "1", "ipv4/conf/eth0/arp_filter", "1",
                "ipv4/conf/all/rp_filter", "0", "ipv4/conf/default/rp_filter", "2",
                "ipv4/conf/eth0/rp_filter", "2"));
        kw.signal("KILL");
        kw.awaitExit(WAIT);
        return kw;
    }

    @Test
    void theStartAfterAKillPutsBackWhatTheKilledRunChanged() throws Exception {
        try (Lan lan = Lan.create("sysled", 1)) {
            Lan.Host h1 = lan.host(1);
            NetNs.Namespace ns = h1.ns();
            ns.exec("sh", "-c", "echo 2 > /proc/sys/net/ipv4/conf/all/rp_filter");
            assertThat(values(ns)).containsExactlyEntriesOf(ORIGINAL);

            // killed; the same file again: its stop puts back the values from before the first run
            masterThenKill(lan, h1);
            KeepwatchProcess second = lan.keepwatch(h1, changing());
            second.awaitLog("\\(VI_2\\).*BACKUP -> MASTER", Lan.START_UP);
            second.signal("TERM");
            assertThat(second.awaitExit(WAIT)).isZero();
            assertThat(values(ns)).as("after the stop of the run after the kill").containsExactlyEntriesOf(ORIGINAL);

            // killed; a file that changes nothing: its start puts everything back
            masterThenKill(lan, h1);
            KeepwatchProcess third = lan.keepwatch(h1, plain());
            third.awaitLog("left by an earlier run", Lan.START_UP);
            Deadline.await("the values from before the killed run", WAIT, () -> values(ns).equals(ORIGINAL));
            third.awaitLog("\\(VI_2\\).*BACKUP -> MASTER", WAIT);
            third.signal("TERM");
            assertThat(third.awaitExit(WAIT)).isZero();
            assertThat(values(ns)).containsExactlyEntriesOf(ORIGINAL);
        }
    }
}
