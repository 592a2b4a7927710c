package io.keepwatch.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.keepwatch.testing.KeepalivedProcess;
import io.keepwatch.testing.RequiresNetns;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The priority keepwatch and Debian's keepalived advertise for the same configuration text, read
 * from the wire by tshark: each host runs the same instances (VRIDs offset by one so both are
 * MASTER and both advertise), and every pair must carry the same priority.
 */
@RequiresNetns
class KeepalivedPriorityParityTest {

    /**
     * Two rules of keepalived's completion: a track_interface naming the instance's own interface
     * is ignored (150, not 200); a sync group member without sync_group_tracking_weight keeps the
     * weight of a tracked interface that is up (130), although keepalived logs that it ignores it.
     */
    static String config(int vridBase) {
        return VrrpConf.file("parity",
                VrrpConf.v3("OWN_IF", vridBase, 150).set("state", "MASTER")
                        .line("track_interface {\n    eth0 weight 50\n  }").vip("10.77.0." + vridBase + "/24"),
                VrrpConf.v3("IN_GROUP", vridBase + 2, 100).set("state", "MASTER")
                        .line("track_interface {\n    eth1 weight 30\n  }").vip("10.77.0." + (vridBase + 2) + "/24"))
                + "vrrp_sync_group G {\n  group {\n    IN_GROUP\n  }\n}\n";
    }

    @Test
    void bothAdvertiseTheSamePriorities() throws Exception {
        if (!KeepalivedProcess.available()) {
            if ("true".equals(System.getenv("CI"))) {
                throw new AssertionError("keepalived is not installed, and CI=true forbids skipping interoperability");
            }
            Assumptions.abort("keepalived is not installed");
        }
        Tshark.require();
        try (Lan lan = Lan.create("itprio", 2)) {
            Lan.Host kw = lan.host(1), ka = lan.host(2);
            for (Lan.Host h : List.of(kw, ka)) {
                h.ns().exec("ip", "link", "add", "eth1", "type", "veth", "peer", "name", "eth1p");
                h.ns().linkUp("eth1");
                h.ns().linkUp("eth1p");
            }
            Tshark capture = Tshark.capture(lan, lan.switchNs().name(), Lan.BRIDGE, "prio");
            lan.keepwatch(kw, config(61));
            lan.keepalived(ka, config(71));
            for (String vip : List.of("10.77.0.61", "10.77.0.63")) {
                kw.watch().awaitPresent("eth0", InetAddress.ofLiteral(vip), Lan.START_UP);
            }
            for (String vip : List.of("10.77.0.71", "10.77.0.73")) {
                ka.watch().awaitPresent("eth0", InetAddress.ofLiteral(vip), Lan.START_UP);
            }
            for (String vrid : List.of("61", "63", "71", "73")) {
                capture.awaitCaptured("vrrp.virt_rtr_id == " + vrid, Duration.ofSeconds(10));
            }
            Path pcap = capture.stop(Duration.ofSeconds(30));

            Map<String, Set<String>> priorities = Tshark.fields(pcap, "vrrp", "vrrp.virt_rtr_id", "vrrp.prio").stream()
                    .collect(Collectors.groupingBy(f -> f.get(0), Collectors.mapping(f -> f.get(1), Collectors.toSet())));
            assertThat(priorities.get("71")).as("keepalived, own interface tracked").containsExactly("150");
            assertThat(priorities.get("61")).as("keepwatch, own interface tracked").isEqualTo(priorities.get("71"));
            assertThat(priorities.get("73")).as("keepalived, sync group member").containsExactly("130");
            assertThat(priorities.get("63")).as("keepwatch, sync group member").isEqualTo(priorities.get("73"));
        }
    }
}
