package io.keepwatch.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.keepwatch.testing.KeepwatchProcess;
import io.keepwatch.testing.RequiresNetns;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * What keepwatch really puts on the wire, read back by tshark's dissectors: VRRPv2 with
 * auth_type PASS, VRRPv3 over IPv4 and over IPv6, their priority 0 adverts on SIGTERM, and the
 * gratuitous ARP and unsolicited NA bursts. Nothing may be malformed or carry a warning (a bad
 * checksum is one), and every field must be what the configuration says. Under CI=true tshark
 * must be installed.
 */
@RequiresNetns
class WireDissectionTest {

    static final String CONFIG = VrrpConf.file("wire",
            VrrpConf.v2Pass("V2", 51, 150, "s3cret").set("state", "MASTER").vip("10.77.0.100/24"),
            VrrpConf.v3("V3_IPV4", 52, 160).set("state", "MASTER").vip("10.77.0.101/24").vip("10.77.0.102/24"),
            VrrpConf.v3("V3_IPV6", 53, 170).set("state", "MASTER").vip("fd00:77::100/64"));

    @Test
    void tsharkDissectsEveryPacketKeepwatchSendsCleanly() throws Exception {
        Tshark.require();
        try (Lan lan = Lan.create("itwire", 1)) {
            Lan.Host host = lan.host(1);
            Tshark capture = Tshark.capture(lan, lan.switchNs().name(), Lan.BRIDGE, "wire");
            KeepwatchProcess daemon = lan.keepwatch(host, CONFIG);
            for (String vip : List.of("10.77.0.100", "10.77.0.101", "10.77.0.102", "fd00:77::100")) {
                host.watch().awaitPresent("eth0", InetAddress.ofLiteral(vip), Lan.START_UP);
            }
            daemon.signal("TERM");
            assertThat(daemon.awaitExit(Duration.ofSeconds(5))).isZero();
            for (String vrid : List.of("51", "52", "53")) { // the resignations are the last packets sent
                capture.awaitCaptured("vrrp.virt_rtr_id == " + vrid + " && vrrp.prio == 0", Duration.ofSeconds(10));
            }
            Path pcap = capture.stop(Duration.ofSeconds(30));

            List<List<String>> flagged = Tshark.fields(pcap,
                    "(vrrp || arp || icmpv6.type == 136) && (_ws.malformed || _ws.expert.severity >= \"Warning\")",
                    "frame.number", "_ws.expert.message");
            assertThat(flagged).as("frames tshark marks malformed or with a warning").isEmpty();

            List<List<String>> adverts = Tshark.fields(pcap, "vrrp && !icmp && !icmpv6", "vrrp.version", "vrrp.virt_rtr_id", "vrrp.prio",
                    "vrrp.checksum.status", "vrrp.auth_string", "vrrp.ip_addr", "vrrp.ipv6_addr", "ip.src", "ipv6.src",
                    "ip.dst", "ipv6.dst", "ip.ttl", "ipv6.hlim", "vrrp.adver_int", "vrrp.short_adver_int");
            Map<String, List<List<String>>> byVrid = adverts.stream().collect(Collectors.groupingBy(f -> f.get(1)));
            assertThat(byVrid).containsOnlyKeys("51", "52", "53");
            assertThat(adverts).as("VRRP checksums").allSatisfy(f -> assertThat(f.get(3)).isEqualTo("1"));

            assertThat(byVrid.get("51")).allSatisfy(f -> {
                assertThat(f.get(0)).isEqualTo("2");
                assertThat(f.get(4)).isEqualTo("s3cret");
                assertThat(f.get(5)).isEqualTo("10.77.0.100");
                assertThat(f.subList(7, 13)).containsExactly(host.ip(), "", "224.0.0.18", "", "255", "");
                assertThat(f.get(13)).isEqualTo("1");
            });
            assertThat(byVrid.get("52")).allSatisfy(f -> {
                assertThat(f.get(0)).isEqualTo("3");
                assertThat(f.get(5)).isEqualTo("10.77.0.101,10.77.0.102");
                assertThat(f.subList(7, 13)).containsExactly(host.ip(), "", "224.0.0.18", "", "255", "");
                assertThat(f.get(14)).isEqualTo("10");
            });
            assertThat(byVrid.get("53")).allSatisfy(f -> {
                assertThat(f.get(0)).isEqualTo("3");
                assertThat(f.get(6)).isEqualTo("fd00:77::100");
                assertThat(f.get(8)).startsWith("fe80::");
                assertThat(f.get(10)).isEqualTo("ff02::12");
                assertThat(f.get(12)).isEqualTo("255");
                assertThat(f.get(14)).isEqualTo("10");
            });
            // The configured priority while master, then priority 0 when SIGTERM resigns.
            assertThat(priorities(byVrid.get("51"))).containsExactlyInAnyOrder("150", "0");
            assertThat(priorities(byVrid.get("52"))).containsExactlyInAnyOrder("160", "0");
            assertThat(priorities(byVrid.get("53"))).containsExactlyInAnyOrder("170", "0");

            List<List<String>> arps = Tshark.fields(pcap, "arp", "arp.isgratuitous", "arp.src.proto_ipv4", "arp.opcode");
            assertThat(arps.stream().filter(f -> f.get(0).equals("1")).map(f -> f.get(1)).collect(Collectors.toSet()))
                    .as("addresses announced by gratuitous ARP")
                    .containsExactlyInAnyOrder("10.77.0.100", "10.77.0.101", "10.77.0.102");
            List<List<String>> nas = Tshark.fields(pcap, "icmpv6.type == 136", "icmpv6.nd.na.target_address",
                    "icmpv6.checksum.status", "ipv6.dst", "icmpv6.nd.na.flag.o");
            assertThat(nas).as("unsolicited neighbour advertisements").isNotEmpty();
            assertThat(nas).allSatisfy(f -> {
                assertThat(f.get(0)).isEqualTo("fd00:77::100");
                assertThat(f.get(1)).isEqualTo("1");
                assertThat(f.get(2)).isEqualTo("ff02::1");
                assertThat(f.get(3)).isEqualTo("1");
            });
        }
    }

    private static Set<String> priorities(List<List<String>> adverts) {
        return adverts.stream().map(f -> f.get(2)).collect(Collectors.toSet());
    }
}
