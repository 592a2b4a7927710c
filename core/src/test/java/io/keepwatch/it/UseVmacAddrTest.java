package io.keepwatch.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.keepwatch.testing.Deadline;
import io.keepwatch.testing.KeepwatchProcess;
import io.keepwatch.testing.NetNs;
import io.keepwatch.testing.RequiresNetns;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * use_vmac_addr and vmac_addr_prefix, as keepalived 2.2.7: without use_vmac, an address of the
 * instance's family without {@code dev} stays on the interface, one with {@code dev eth1} goes on a
 * VMAC on eth1 (IPv4 virtual MAC, named with vmac_addr_prefix), and an excluded IPv6 address on a
 * VMAC on eth0 with the IPv6 virtual MAC. The VMACs exist while the instance runs, one deleted by
 * someone else comes back with its address, and the stop deletes them and puts eth1's arp settings
 * back; a kill -9 leaves them and the next start without use_vmac_addr deletes them.
 */
@RequiresNetns
class UseVmacAddrTest {

    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final String ON_ETH1 = "vaddr.42";
    private static final String IPV6 = "vaddr6.42";

    private static String config(boolean vmacAddr) {
        VrrpConf instance = VrrpConf.v3("VI_1", 42, 200).vip("10.77.0.100/24").vip("10.77.1.100/24 dev eth1")
                .line("virtual_ipaddress_excluded {\n    fd00:77::100/64\n  }");
        if (vmacAddr) {
            instance.line("use_vmac_addr");
        }
        return instance.file("r1").replace("global_defs {\n", "global_defs {\n  vmac_addr_prefix vaddr\n");
    }

    private static boolean on(NetNs.Namespace ns, String device, String cidr) {
        return ns.exec("ip", "-o", "addr", "show").lines()
                .anyMatch(l -> l.split("\\s+")[1].replaceFirst("@.*", "").equals(device) && l.contains(" " + cidr + " "));
    }

    private static boolean linkExists(NetNs.Namespace ns, String name) {
        return ns.exec("ip", "-o", "link", "show").contains(" " + name + "@");
    }

    private static void awaitPlaced(NetNs.Namespace ns) throws InterruptedException {
        Deadline.await("the addresses on the interface and the VMACs", WAIT, () -> on(ns, "eth0", "10.77.0.100/24")
                && on(ns, ON_ETH1, "10.77.1.100/24") && on(ns, IPV6, "fd00:77::100/64"));
    }

    @Test
    void addressesOnOtherInterfacesAndOfTheOtherFamilyGoOnVmacsOfTheirOwn() throws Exception {
        try (Lan lan = Lan.create("vmaddr", 1)) {
            Lan.Host h1 = lan.host(1);
            NetNs.Namespace ns = h1.ns();
            lan.lab().plug(ns, "eth1", lan.switchNs(), Lan.BRIDGE, "p1va");
            assertThat(ns.exec("cat", "/proc/sys/net/ipv4/conf/eth1/arp_ignore").trim()).isEqualTo("0");
            KeepwatchProcess kw = lan.keepwatch(h1, config(true));
            kw.awaitLog("BACKUP -> MASTER", Lan.START_UP);
            awaitPlaced(ns);
            assertThat(ns.exec("ip", "-d", "link", "show", ON_ETH1)).contains(ON_ETH1 + "@eth1")
                    .contains("link/ether 00:00:5e:00:01:2a").contains("macvlan mode private");
            assertThat(ns.exec("ip", "-d", "link", "show", IPV6)).contains(IPV6 + "@eth0")
                    .contains("link/ether 00:00:5e:00:02:2a").contains("macvlan mode private");
            assertThat(ns.exec("ip", "-o", "link", "show")).doesNotContain("vrrp.42");
            assertThat(ns.exec("cat", "/proc/sys/net/ipv4/conf/eth1/arp_ignore").trim()).isEqualTo("1");

            // someone deletes the VMAC on eth1: it comes back, with its address
            String before = ns.exec("ip", "-o", "link", "show", ON_ETH1).split(":")[0];
            ns.exec("ip", "link", "del", ON_ETH1);
            Deadline.await("a new " + ON_ETH1, WAIT, () -> linkExists(ns, ON_ETH1)
                    && !ns.exec("ip", "-o", "link", "show", ON_ETH1).split(":")[0].equals(before));
            awaitPlaced(ns);

            kw.signal("TERM");
            assertThat(kw.awaitExit(WAIT)).isZero();
            assertThat(linkExists(ns, ON_ETH1)).isFalse();
            assertThat(linkExists(ns, IPV6)).isFalse();
            assertThat(ns.exec("cat", "/proc/sys/net/ipv4/conf/eth1/arp_ignore").trim()).isEqualTo("0");

            // killed: the next start without use_vmac_addr deletes the VMACs the killed run left
            KeepwatchProcess killed = lan.keepwatch(h1, config(true));
            killed.awaitLog("BACKUP -> MASTER", Lan.START_UP);
            awaitPlaced(ns);
            killed.signal("KILL");
            killed.awaitExit(WAIT);
            KeepwatchProcess plain = lan.keepwatch(h1, config(false));
            plain.awaitLog("removed VMAC " + ON_ETH1.replace(".", "\\.") + " left by an earlier run", Lan.START_UP);
            Deadline.await("no VMAC left", WAIT, () -> !linkExists(ns, ON_ETH1) && !linkExists(ns, IPV6));
            plain.awaitLog("BACKUP -> MASTER", WAIT);
            Deadline.await("the address on eth1 itself", WAIT, () -> on(ns, "eth1", "10.77.1.100/24"));
            plain.signal("TERM");
            assertThat(plain.awaitExit(WAIT)).isZero();
        }
    }
}
