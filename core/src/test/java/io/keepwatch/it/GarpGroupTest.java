package io.keepwatch.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.keepwatch.testing.RequiresNetns;
import java.math.BigDecimal;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@code garp_group}: the interfaces of one group share a minimum spacing of gratuitous ARPs, so a
 * new master's announcements on two interfaces go out one group interval apart, whichever
 * interface carries them (without the group, with no global {@code vrrp_garp_interval}, they go
 * back to back). Only a lower bound on the spacing is checked: a loaded host may send later.
 */
@RequiresNetns
class GarpGroupTest {

    private static final Duration SETTLE = Duration.ofSeconds(30);
    /** Below the group's 1 s: capture timestamps are taken a little after the send returns. */
    private static final BigDecimal AT_LEAST = new BigDecimal("0.9");

    @Test
    void announcementsOnTheGroupsInterfacesAreSpacedByTheGroupsInterval() throws Exception {
        try (Lan lan = Lan.create("itgg", 1)) {
            Lan.Host a = lan.host(1);
            lan.lab().plug(a.ns(), "eth1", lan.switchNs(), Lan.BRIDGE, "p1g");
            Tshark capture = Tshark.capture(lan, lan.switchNs().name(), Lan.BRIDGE, "group");
            String conf = VrrpConf.file("a", VrrpConf.v3("VI_1", 93, 200).set("advert_int", "0.5")
                    .line("garp_master_repeat 2").vip("10.77.0.131/24").vip("10.77.0.132/24 dev eth1"))
                    + "garp_group {\n  garp_interval 1\n  interfaces {\n    eth0 eth1\n  }\n}\n";
            lan.keepwatch(a, conf);
            lan.awaitOnlyHolder(a, InetAddress.ofLiteral("10.77.0.132"), SETTLE);
            String garps = "arp.isgratuitous == 1 && (arp.src.proto_ipv4 == 10.77.0.131"
                    + " || arp.src.proto_ipv4 == 10.77.0.132)";
            // two rounds on each interface
            capture.awaitCaptured(garps, 4, SETTLE);
            Path pcap = capture.stop(SETTLE);

            List<BigDecimal> times = Tshark.fields(pcap, garps, "frame.time_epoch").stream()
                    .map(row -> new BigDecimal(row.getFirst())).sorted().toList();
            assertThat(times).hasSizeGreaterThanOrEqualTo(4);
            for (int i = 1; i < times.size(); i++) {
                assertThat(times.get(i).subtract(times.get(i - 1)))
                        .as("gap before gratuitous ARP %d of %s", i + 1, times).isGreaterThanOrEqualTo(AT_LEAST);
            }
        }
    }
}
