package io.keepwatch.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.keepwatch.testing.RequiresNetns;
import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * unicast_src_ip / unicast_peer: adverts go to each peer's address, never to 224.0.0.18, and
 * failover and preemption work as with multicast. The bridge is captured with tshark to prove the
 * former.
 */
@RequiresNetns
class UnicastTest {

    static final InetAddress VIP = InetAddress.ofLiteral("10.77.0.100");

    private static String config(Lan lan, Lan.Host self, int priority) {
        VrrpConf conf = VrrpConf.v3("VI_1", 51, priority).vip("10.77.0.100/24")
                .line("unicast_src_ip " + self.ip());
        StringBuilder peers = new StringBuilder("unicast_peer {\n");
        lan.hosts().stream().filter(h -> h != self).forEach(h -> peers.append("    ").append(h.ip()).append('\n'));
        return conf.line(peers.append("  }").toString()).file("r" + priority);
    }

    @Test
    void unicastPeersFailOverAndPreemptWithoutMulticast() throws Exception {
        try (Lan lan = Lan.create("ituc", 3)) {
            Lan.Host a = lan.host(1), b = lan.host(2), c = lan.host(3);
            Tshark capture = Tshark.capture(lan, lan.switchNs().name(), Lan.BRIDGE, "unicast");
            lan.keepwatch(a, config(lan, a, 200));
            lan.keepwatch(b, config(lan, b, 100));
            lan.keepwatch(c, config(lan, c, 50));
            lan.awaitOnlyHolder(a, VIP, Lan.START_UP);
            long settled = System.nanoTime();
            lan.cut(a);
            lan.awaitOnlyHolder(b, VIP, Duration.ofSeconds(5));
            lan.restore(a);
            lan.awaitOnlyHolder(a, VIP, Duration.ofSeconds(5));
            // Unicast adverts need ARP: after a cable comes back the kernel first resolves the
            // peers (their entries were flushed with the link), queueing the new master's adverts
            // meanwhile, so the old master hears it a few hundred milliseconds later than with
            // multicast.
            assertThat(lan.longestOverlap(VIP, settled)).isLessThan(Duration.ofMillis(1000));

            // a's preempting advert is on the wire before it took the VIP back
            capture.awaitCaptured("vrrp && ip.src == " + a.ip() + " && ip.dst == " + c.ip(), Duration.ofSeconds(10));
            var pcap = capture.stop(Duration.ofSeconds(20));
            // Not the copies inside ICMP errors: a peer whose daemon has not opened its socket yet
            // answers "protocol unreachable".
            List<List<String>> adverts = Tshark.fields(pcap, "vrrp && !icmp", "ip.src", "ip.dst", "vrrp.prio");
            assertThat(adverts).as("VRRP adverts captured on the bridge").hasSizeGreaterThan(10);
            assertThat(adverts).as("adverts sent to the multicast group").noneMatch(f -> f.get(1).equals("224.0.0.18"));
            List<String> ips = lan.hosts().stream().map(Lan.Host::ip).toList();
            assertThat(adverts).allSatisfy(f -> {
                assertThat(ips).contains(f.get(0), f.get(1));
                assertThat(f.get(0)).isNotEqualTo(f.get(1));
            });
            // Every master sent to both of its peers.
            assertThat(adverts.stream().filter(f -> f.get(0).equals(a.ip())).map(f -> f.get(1)).distinct())
                    .containsExactlyInAnyOrder(b.ip(), c.ip());
        }
    }
}
