package io.keepwatch.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.keepwatch.testing.KeepwatchProcess;
import io.keepwatch.testing.RequiresNetns;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * Gratuitous ARPs beyond a new master's bursts, counted on the wire with tshark:
 * {@code garp_lower_prio_repeat} answers a lower priority advert (another router believes it is
 * master), and {@code garp_extra_if all} refreshes the addresses on the instance's other interfaces.
 */
@RequiresNetns
class GarpOptionsTest {

    private static final Duration SETTLE = Duration.ofSeconds(30);

    private static VrrpConf instance(String name, int vrid, int priority, String vip, String... lines) {
        // advert_int 0.5: a loaded host that stalls a daemon does not make a backup take over
        VrrpConf conf = VrrpConf.v3(name, vrid, priority).set("advert_int", "0.5").line("garp_master_repeat 1")
                .vip(vip);
        for (String line : lines) {
            conf.line(line);
        }
        return conf;
    }

    private static String mac(Lan.Host host, String ifName) {
        return host.ns().exec("cat", "/sys/class/net/" + ifName + "/address").trim();
    }

    /**
     * The broadcast gratuitous ARPs these options govern. A master that sees another holder of its
     * VIP (here b, by design) also announces the VIP to that station alone, by unicast; that is
     * split-brain detection's, not counted here.
     */
    private static String garp(String address, String mac) {
        return "arp.isgratuitous == 1 && arp.src.proto_ipv4 == " + address + " && eth.src == " + mac
                + " && eth.dst == ff:ff:ff:ff:ff:ff";
    }

    /** Gratuitous ARPs for {@code address} sent from {@code mac} in a finished capture. */
    private static int garps(Path pcap, String address, String mac) throws Exception {
        return Tshark.fields(pcap, garp(address, mac), "frame.number").size();
    }

    private static void awaitGarps(Tshark capture, String address, String mac, int atLeast) throws Exception {
        capture.awaitCaptured(garp(address, mac), atLeast, SETTLE);
    }

    @Test
    void aMasterAnswersLowerPriorityAdvertsWithGarpLowerPrioRepeat() throws Exception {
        try (Lan lan = Lan.create("itgl", 2)) {
            Lan.Host a = lan.host(1), b = lan.host(2);
            String macA = mac(a, "eth0");
            Tshark capture = Tshark.capture(lan, lan.switchNs().name(), Lan.BRIDGE, "garps");
            String toB = "unicast_peer {\n    " + b.ip() + "\n  }";
            KeepwatchProcess master = lan.keepwatch(a, VrrpConf.file("a",
                    instance("VI_X", 81, 200, "10.77.0.111/24", toB, "unicast_ttl 64", "garp_lower_prio_repeat 2",
                            "garp_lower_prio_delay 0"),
                    instance("VI_Y", 82, 200, "10.77.0.112/24", toB, "unicast_ttl 64", "garp_lower_prio_repeat 0")));
            lan.awaitOnlyHolder(a, java.net.InetAddress.ofLiteral("10.77.0.111"), SETTLE);
            lan.awaitOnlyHolder(a, java.net.InetAddress.ofLiteral("10.77.0.112"), SETTLE);
            // before b speaks: each instance's one gratuitous ARP of becoming master
            awaitGarps(capture, "10.77.0.111", macA, 1);
            awaitGarps(capture, "10.77.0.112", macA, 1);

            // b refuses a's adverts (TTL 64 below its min_ttl), so it is master too, at priority 100
            String fromA = "unicast_peer {\n    " + a.ip() + " min_ttl 100\n  }";
            lan.keepwatch(b, VrrpConf.file("b",
                    instance("VI_X", 81, 100, "10.77.0.111/24", fromA),
                    instance("VI_Y", 82, 100, "10.77.0.112/24", fromA)));
            master.awaitLog("\\(VI_Y\\) received advert from " + b.ip() + " with lower priority 100", SETTLE);
            // VI_X: two more for every lower priority advert; three adverts' worth
            awaitGarps(capture, "10.77.0.111", macA, 1 + 2 * 3);
            Path pcap = capture.stop(SETTLE);
            assertThat(garps(pcap, "10.77.0.112", macA)).as("VI_Y's gratuitous ARPs (garp_lower_prio_repeat 0)")
                    .isEqualTo(1);
        }
    }

    @Test
    void garpExtraIfAllRefreshesTheOtherInterfaces() throws Exception {
        try (Lan lan = Lan.create("itgx", 1)) {
            Lan.Host a = lan.host(1);
            lan.lab().plug(a.ns(), "eth1", lan.switchNs(), Lan.BRIDGE, "p1x");
            String macEth1 = mac(a, "eth1");
            Tshark capture = Tshark.capture(lan, lan.switchNs().name(), Lan.BRIDGE, "extra");
            lan.keepwatch(a, VrrpConf.file("a", instance("VI_1", 91, 200, "10.77.0.121/24", "garp_extra_if all 1")
                    .vip("10.77.0.122/24 dev eth1")));
            lan.awaitOnlyHolder(a, java.net.InetAddress.ofLiteral("10.77.0.122"), SETTLE);
            // one at becoming master, then one a second on eth1
            awaitGarps(capture, "10.77.0.122", macEth1, 4);
            Path pcap = capture.stop(SETTLE);
            assertThat(garps(pcap, "10.77.0.121", macEth1)).as("the instance's own interface's address on eth1")
                    .isZero();
        }
    }
}
