package io.keepwatch.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.keepwatch.testing.Deadline;
import io.keepwatch.testing.KeepwatchProcess;
import io.keepwatch.testing.RequiresNetns;
import java.net.InetAddress;
import java.time.Duration;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/**
 * track_group: a static address whose line names a track group makes the group's instances track
 * its interface as keepalived does (weight 0): the master goes to FAULT while that link is down,
 * the backup takes the VIP, and the master comes back and preempts once the link is up again. And as
 * keepalived's interface_up, the static routes through a link that comes back up are put back,
 * which the kernel dropped when it went down.
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

    @Test
    void staticRoutesThroughALinkThatComesBackUpArePutBack() throws Exception {
        try (Lan lan = Lan.create("itstr", 1)) {
            Lan.Host host = lan.host(1);
            host.ns().exec("ip", "link", "add", "side0", "type", "veth", "peer", "name", "side1");
            host.ns().linkUp("side1");
            host.ns().linkUp("side0");
            String statics = "static_ipaddress {\n  10.88.0.1/24 dev side0\n}\n"
                    + "static_routes {\n  198.51.100.0/24 via 10.88.0.2 dev side0\n}\n";
            KeepwatchProcess daemon = lan.keepwatch(host, VrrpConf.file("m",
                    VrrpConf.v3("VI_1", 51, 200).set("advert_int", "0.5").vip("10.77.0.100/24")) + statics);
            awaitRoutes("the static route", host, daemon, r -> r.contains("198.51.100.0/24 via 10.88.0.2"));

            host.ns().exec("ip", "link", "set", "side0", "down");
            awaitRoutes("the kernel to drop the route with the link", host, daemon, r -> !r.contains("198.51.100.0/24"));

            host.ns().linkUp("side0");
            awaitRoutes("the static route back", host, daemon, r -> r.contains("198.51.100.0/24 via 10.88.0.2"));
            assertThat(daemon.isAlive()).isTrue();
        }
    }

    private static void awaitRoutes(String what, Lan.Host host, KeepwatchProcess daemon, Predicate<String> shown)
            throws InterruptedException {
        Deadline deadline = Deadline.after(WAIT);
        while (!shown.test(routes(host))) {
            if (deadline.passed()) {
                throw new AssertionError("timed out waiting for " + what + "; ip route shows:\n" + routes(host)
                        + "\n" + daemon.log());
            }
            deadline.pause();
        }
    }

    private static String routes(Lan.Host host) {
        return host.ns().exec("ip", "-4", "route", "show");
    }
}
