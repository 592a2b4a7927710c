package io.keepwatch.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.keepwatch.testing.Deadline;
import io.keepwatch.testing.KeepwatchProcess;
import io.keepwatch.testing.NetNs;
import io.keepwatch.testing.RequiresNetns;
import java.net.InetAddress;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * use_vmac on the kernel: the VMAC (a private macvlan with the virtual router MAC) exists with
 * keepalived's settings while the instance runs, carries the VIP, comes back when someone deletes
 * it, and is gone after a stop or a reload that drops the instance; after a kill -9 the next run
 * takes it over, or removes it when the configuration no longer wants it.
 */
@RequiresNetns
class VmacTest {

    private static final InetAddress VIP = InetAddress.ofLiteral("10.77.0.100");
    private static final String VMAC = "vrrp.42";
    private static final String VIRTUAL_MAC = "00:00:5e:00:01:2a";
    private static final Duration WAIT = Duration.ofSeconds(20);

    private static String config(boolean vmac) {
        VrrpConf instance = VrrpConf.v3("VI_1", 42, 200).vip("10.77.0.100/24");
        if (vmac) {
            instance.line("use_vmac");
        }
        return instance.file("r1");
    }

    private static boolean linkExists(NetNs.Namespace ns, String name) {
        return ns.exec("ip", "-o", "link", "show").contains(" " + name + "@");
    }

    /** A value under /proc/sys/net ({@code path} like "ipv4/conf/eth0/arp_ignore"; names may hold dots). */
    private static String sysctl(NetNs.Namespace ns, String path) {
        return ns.exec("cat", "/proc/sys/net/" + path).trim();
    }

    private static void awaitVipOnVmac(Lan lan, Lan.Host host) throws InterruptedException {
        Deadline.await("the VIP on " + VMAC + " of " + host, WAIT, () -> linkExists(host.ns(), VMAC)
                && host.ns().exec("ip", "-4", "-o", "addr", "show", "dev", VMAC).contains("10.77.0.100/24"));
    }

    @Test
    void vmacCarriesTheVipWithKeepalivedsSettingsComesBackAndGoesWithTheDaemon() throws Exception {
        try (Lan lan = Lan.create("vmac", 1)) {
            Lan.Host h1 = lan.host(1);
            NetNs.Namespace ns = h1.ns();
            assertThat(sysctl(ns, "ipv4/conf/eth0/arp_ignore")).isEqualTo("0");
            KeepwatchProcess kw = lan.keepwatch(h1, config(true));
            kw.awaitLog("BACKUP -> MASTER", Lan.START_UP);
            awaitVipOnVmac(lan, h1);

            String link = ns.exec("ip", "-d", "link", "show", VMAC);
            assertThat(link).contains(VMAC + "@eth0").contains("link/ether " + VIRTUAL_MAC)
                    .contains("macvlan mode private").contains("addrgenmode none").contains(",UP");
            assertThat(ns.exec("ip", "-4", "-o", "addr", "show", "dev", "eth0")).doesNotContain("10.77.0.100");
            assertThat(sysctl(ns, "ipv4/conf/" + VMAC + "/arp_ignore")).isEqualTo("1");
            assertThat(sysctl(ns, "ipv4/conf/" + VMAC + "/accept_local")).isEqualTo("1");
            assertThat(sysctl(ns, "ipv4/conf/" + VMAC + "/rp_filter")).isEqualTo("0");
            assertThat(sysctl(ns, "ipv4/conf/" + VMAC + "/promote_secondaries")).isEqualTo("1");
            assertThat(sysctl(ns, "ipv6/conf/" + VMAC + "/disable_ipv6")).isEqualTo("1");
            assertThat(sysctl(ns, "ipv4/conf/eth0/arp_ignore")).isEqualTo("1");
            assertThat(sysctl(ns, "ipv4/conf/eth0/arp_filter")).isEqualTo("1");
            assertThat(sysctl(ns, "ipv4/conf/all/rp_filter")).isEqualTo("0");

            // someone deletes the VMAC: it is made again and the master puts the VIP back on it
            String before = ns.exec("ip", "-o", "link", "show", VMAC).split(":")[0];
            ns.exec("ip", "link", "del", VMAC);
            Deadline.await("a new " + VMAC, WAIT, () -> linkExists(ns, VMAC)
                    && !ns.exec("ip", "-o", "link", "show", VMAC).split(":")[0].equals(before));
            awaitVipOnVmac(lan, h1);

            // the base interface loses its carrier and gets it back: the VIP returns on the same VMAC
            lan.cut(h1);
            kw.awaitLog("-> FAULT", WAIT);
            lan.restore(h1);
            kw.awaitLog("FAULT -> BACKUP", WAIT);
            awaitVipOnVmac(lan, h1);

            kw.signal("TERM");
            assertThat(kw.awaitExit(WAIT)).isZero();
            assertThat(linkExists(ns, VMAC)).isFalse();
            assertThat(sysctl(ns, "ipv4/conf/eth0/arp_ignore")).isEqualTo("0");
            assertThat(sysctl(ns, "ipv4/conf/eth0/arp_filter")).isEqualTo("0");
        }
    }

    @Test
    void afterAKillTheNextRunTakesTheVmacOverOrRemovesIt() throws Exception {
        try (Lan lan = Lan.create("vmack", 1)) {
            Lan.Host h1 = lan.host(1);
            NetNs.Namespace ns = h1.ns();
            KeepwatchProcess first = lan.keepwatch(h1, config(true));
            first.awaitLog("BACKUP -> MASTER", Lan.START_UP);
            awaitVipOnVmac(lan, h1);
            first.signal("KILL");
            first.awaitExit(WAIT);
            assertThat(linkExists(ns, VMAC)).as("left by the killed run").isTrue();

            // the same configuration: the VMAC is taken over, then removed at stop
            KeepwatchProcess second = lan.keepwatch(h1, config(true));
            second.awaitLog("found matching VMAC " + VMAC.replace(".", "\\."), Lan.START_UP);
            second.awaitLog("BACKUP -> MASTER", WAIT);
            awaitVipOnVmac(lan, h1);
            second.signal("KILL");
            second.awaitExit(WAIT);
            assertThat(linkExists(ns, VMAC)).isTrue();

            // a configuration without use_vmac: the VMAC left behind is removed at start
            KeepwatchProcess third = lan.keepwatch(h1, config(false));
            third.awaitLog("removed VMAC " + VMAC.replace(".", "\\.") + " left by an earlier run", Lan.START_UP);
            assertThat(linkExists(ns, VMAC)).isFalse();
            lan.awaitOnlyHolder(h1, VIP, WAIT);
            assertThat(ns.exec("ip", "-4", "-o", "addr", "show", "dev", "eth0")).contains("10.77.0.100/24");

            // a reload that adds use_vmac moves the instance onto a VMAC; one that drops the instance removes it
            lan.write(h1.name() + ".conf", config(true));
            third.signal("HUP");
            awaitVipOnVmac(lan, h1);
            lan.write(h1.name() + ".conf", VrrpConf.v3("VI_2", 43, 200).vip("10.77.0.101/24").file("r1"));
            third.signal("HUP");
            Deadline.await(VMAC + " removed by the reload", WAIT, () -> !linkExists(ns, VMAC));
            lan.awaitOnlyHolder(h1, InetAddress.ofLiteral("10.77.0.101"), WAIT);
            third.signal("TERM");
            assertThat(third.awaitExit(WAIT)).isZero();
        }
    }

    @Test
    void anIpv6VmacCarriesTheIpv6VirtualMacAndTheAdvertSource() throws Exception {
        try (Lan lan = Lan.create("vmac6", 1)) {
            Lan.Host h1 = lan.host(1);
            NetNs.Namespace ns = h1.ns();
            KeepwatchProcess kw = lan.keepwatch(h1,
                    VrrpConf.v3("VI_6", 42, 200).line("use_vmac").vip("fd00:77::100/64").file("r1"));
            kw.awaitLog("BACKUP -> MASTER", Lan.START_UP);
            Deadline.await("the IPv6 VIP on " + VMAC, WAIT, () -> linkExists(ns, VMAC)
                    && ns.exec("ip", "-6", "-o", "addr", "show", "dev", VMAC).contains("fd00:77::100/64"));
            assertThat(ns.exec("ip", "-d", "link", "show", VMAC)).contains("link/ether 00:00:5e:00:02:2a")
                    .contains("macvlan mode private").contains("addrgenmode none");
            // the adverts' source, eth0's link-local address, is on the VMAC too; none made from the virtual MAC
            String eth0LinkLocal = ns.exec("ip", "-6", "-o", "addr", "show", "dev", "eth0", "scope", "link")
                    .replaceAll("(?s).*inet6 (fe80::[0-9a-f:]+/64).*", "$1");
            assertThat(ns.exec("ip", "-6", "-o", "addr", "show", "dev", VMAC, "scope", "link"))
                    .contains(eth0LinkLocal).doesNotContain("fe80::200:5eff:fe00:22a");
            assertThat(sysctl(ns, "ipv6/conf/" + VMAC + "/disable_ipv6")).isEqualTo("0");
            kw.signal("TERM");
            assertThat(kw.awaitExit(WAIT)).isZero();
            assertThat(linkExists(ns, VMAC)).isFalse();
        }
    }
}
