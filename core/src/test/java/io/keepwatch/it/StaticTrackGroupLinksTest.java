package io.keepwatch.it;

import io.keepwatch.testing.KeepalivedProcess;
import io.keepwatch.testing.NamespacedProcess;
import io.keepwatch.testing.RequiresNetns;
import java.net.InetAddress;
import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * track_group on a static route and on a static rule: the group's instances track the route's
 * output interface ({@code dev}) and the rule's input interface ({@code iif}) with weight 0, as
 * keepalived 2.2.7's vrrp_static_track does: a lone master leaves MASTER (its VIP goes) while that
 * link has no carrier, and takes the VIP again when the link is back. The same file is run by
 * keepalived and by keepwatch, which must behave alike.
 */
@RequiresNetns
class StaticTrackGroupLinksTest {

    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final InetAddress VIP = InetAddress.ofLiteral("10.77.0.100");
    private static final String GROUP = "track_group TG1 {\n  group {\n    VI_1\n  }\n}\n";
    private static final String ROUTE = "static_ipaddress {\n  10.88.0.1/24 dev side0\n}\n"
            + "static_routes {\n  198.51.100.0/24 via 10.88.0.2 dev side0 track_group TG1\n}\n";
    private static final String RULE = "static_rules {\n  from 10.89.0.0/24 table 100 iif side0 track_group TG1\n}\n";

    @ParameterizedTest(name = "{0} on {1}")
    @CsvSource({"route, keepwatch", "route, keepalived", "rule, keepwatch", "rule, keepalived"})
    void theGroupsMasterLeavesWhileTheTrackedLinkIsDown(String line, String implementation) throws Exception {
        if (implementation.equals("keepalived")) {
            org.junit.jupiter.api.Assumptions.assumeTrue(KeepalivedProcess.available()
                    || "true".equals(System.getenv("CI")), "keepalived is not installed");
        }
        try (Lan lan = Lan.create("itstl", 1)) {
            Lan.Host host = lan.host(1);
            // the tracked interface: a veth pair (this kernel has no dummy links); downing the far
            // end takes side0's carrier away
            host.ns().exec("ip", "link", "add", "side0", "type", "veth", "peer", "name", "side1");
            host.ns().linkUp("side0");
            host.ns().linkUp("side1");
            String config = VrrpConf.file("m", VrrpConf.v3("VI_1", 51, 200).set("advert_int", "0.5")
                    .vip("10.77.0.100/24")) + GROUP + (line.equals("route") ? ROUTE : RULE);
            NamespacedProcess daemon = implementation.equals("keepalived")
                    ? lan.keepalived(host, config) : lan.keepwatch(host, config);
            lan.awaitOnlyHolder(host, VIP, Lan.START_UP);

            host.ns().linkDown("side1");
            lan.awaitNoHolder(VIP, WAIT);
            daemon.awaitLog("FAULT", WAIT);

            host.ns().linkUp("side1");
            lan.awaitOnlyHolder(host, VIP, WAIT);
            if (!daemon.isAlive()) {
                throw new AssertionError(implementation + " stopped:\n" + daemon.log());
            }
        }
    }
}
