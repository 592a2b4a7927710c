package io.keepwatch.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.keepwatch.testing.KeepwatchProcess;
import io.keepwatch.testing.RequiresNetns;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * dynamic_interfaces: an instance whose interface does not exist at start waits in FAULT and runs
 * once the interface is made; an interface deleted and made again (a new index) takes the instance
 * to FAULT and back, with its VRRP socket on the new interface: its adverts reach the LAN again,
 * from the new interface's address (keepalived chooses the source again), and its VIP is back. The
 * interface, {@code dyn0}, is plugged into the LAN's switch, where host 2 captures what it sends.
 */
@RequiresNetns
class DynamicInterfacesTest {

    static final InetAddress VIP = InetAddress.ofLiteral("10.78.0.100");
    static final String SOURCE = "10.78.0.1";
    static final String NEW_SOURCE = "10.78.0.3";
    static final Duration WAIT = Duration.ofSeconds(20);

    private static String config() {
        return "global_defs {\n  dynamic_interfaces\n}\n"
                + VrrpConf.v3("VI_1", 61, 200).set("interface", "dyn0").vip("10.78.0.100/24").file("r");
    }

    /** Makes dyn0 on {@code host} with {@code address}, plugged into the switch as port {@code port}. */
    private static void makeDyn0(Lan lan, Lan.Host host, String port, String address) {
        lan.lab().plug(host.ns(), "dyn0", lan.switchNs(), Lan.BRIDGE, port);
        host.ns().addAddress("dyn0", address + "/24");
    }

    @Test
    void anInstanceWaitsForItsInterfaceAndFollowsItsRecreation() throws Exception {
        try (Lan lan = Lan.create("itdyn", 2)) {
            Lan.Host host = lan.host(1), listener = lan.host(2);
            KeepwatchProcess daemon = lan.keepwatch(host, config());
            daemon.awaitLog("INIT -> FAULT", Lan.START_UP);

            makeDyn0(lan, host, "q1", SOURCE);
            lan.awaitOnlyHolder(host, VIP, WAIT);
            daemon.awaitLog("BACKUP -> MASTER", WAIT);
            int before = host.ns().ifIndex("dyn0");

            host.ns().exec("ip", "link", "del", "dyn0");
            lan.awaitNoHolder(VIP, WAIT);
            daemon.awaitLog("MASTER -> FAULT", WAIT);

            Tshark capture = Tshark.capture(lan, listener.ns().name(), "eth0", "after");
            makeDyn0(lan, host, "q2", NEW_SOURCE);
            assertThat(host.ns().ifIndex("dyn0")).isNotEqualTo(before);
            lan.awaitOnlyHolder(host, VIP, WAIT);
            daemon.awaitLog("(?s)MASTER -> FAULT.*FAULT -> BACKUP.*BACKUP -> MASTER", WAIT);
            capture.awaitCaptured("vrrp && ip.src == " + NEW_SOURCE, 3, WAIT);
            Path pcap = capture.stop(WAIT);
            assertThat(Tshark.fields(pcap, "vrrp && ip.src == " + SOURCE, "ip.src")).as("adverts from the old address")
                    .isEmpty();
            assertThat(daemon.isAlive()).isTrue();
        }
    }
}
