package io.keepwatch.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.keepwatch.testing.KeepwatchProcess;
import io.keepwatch.testing.RequiresNetns;
import java.net.InetAddress;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * track_group: a static address whose line names a track group makes the group's instances track
 * its interface as keepalived does (weight 0): the master goes to FAULT while that link is down,
 * the backup takes the VIP, and the master comes back and preempts once the link is up again.
 */
@RequiresNetns
class StaticTrackGroupTest {

    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final InetAddress VIP = InetAddress.ofLiteral("10.77.0.100");

    @Test
    void theGroupsInstanceGoesToFaultWhileTheStaticAddresssLinkIsDown() throws Exception {
        try (Lan lan = Lan.create("itstg", 2)) {
            Lan.Host master = lan.host(1), backup = lan.host(2);
            // the static address's interface: a veth pair (this kernel has no dummy links); downing
            // the far end takes side0's carrier away
            master.ns().exec("ip", "link", "add", "side0", "type", "veth", "peer", "name", "side1");
            master.ns().linkUp("side0");
            master.ns().linkUp("side1");
            String statics = "track_group TG1 {\n  group {\n    VI_1\n  }\n}\n"
                    + "static_ipaddress {\n  10.88.0.1/32 dev side0 track_group TG1\n}\n";
            KeepwatchProcess daemon = lan.keepwatch(master, VrrpConf.file("m",
                    VrrpConf.v3("VI_1", 51, 200).set("advert_int", "0.5").vip("10.77.0.100/24")) + statics);
            lan.keepwatch(backup, VrrpConf.file("b",
                    VrrpConf.v3("VI_1", 51, 100).set("advert_int", "0.5").vip("10.77.0.100/24")));
            lan.awaitOnlyHolder(master, VIP, Lan.START_UP);

            master.ns().linkDown("side1");
            daemon.awaitLog("MASTER -> FAULT", WAIT);
            lan.awaitOnlyHolder(backup, VIP, WAIT);

            master.ns().linkUp("side1");
            daemon.awaitLog("FAULT -> BACKUP", WAIT);
            lan.awaitOnlyHolder(master, VIP, WAIT);
            assertThat(master.ns().exec("ip", "-4", "addr", "show", "dev", "side0")).contains("10.88.0.1/32");
            assertThat(daemon.isAlive()).isTrue();
        }
    }
}
