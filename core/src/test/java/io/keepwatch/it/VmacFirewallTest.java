package io.keepwatch.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.keepwatch.testing.Deadline;
import io.keepwatch.testing.KeepalivedProcess;
import io.keepwatch.testing.KeepwatchProcess;
import io.keepwatch.testing.RequiresNetns;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * nftables with VMACs, as keepalived 2.2.7: the tables hold a map from each VMAC to its interface and
 * rules that send the VMACs' IGMP and MLDv2 reports out of the interface instead (and drop an IPv6
 * VMAC's router solicitations), so that the virtual MAC is never announced by a backup. keepalived
 * runs the same file on a second host, and the two hosts' {@code nft list ruleset} must be the same;
 * a reload that drops an instance takes its VMAC out, and the stop deletes the tables.
 */
@RequiresNetns
class VmacFirewallTest {

    private static final Duration WAIT = Duration.ofSeconds(20);

    private static String file(boolean both) {
        String global = "global_defs {\n  router_id r1\n  vrrp_garp_master_delay 0\n  nftables\n}\n";
        String v4 = VrrpConf.v3("VI_4", 42, 100).line("use_vmac").vip("10.77.0.100/24").block();
        String v6 = VrrpConf.v3("VI_6", 43, 100).line("use_vmac").vip("fd00:77::100/64").block();
        return global + v4 + (both ? v6 : "");
    }

    private static String ruleset(Lan.Host host) {
        return host.ns().exec("nft", "list", "ruleset");
    }

    @Test
    void theVmacsReportsLeaveFromTheirInterfaceAsWithKeepalived() throws Exception {
        try (Lan lan = Lan.create("vmacnft", 2)) {
            Lan.Host h1 = lan.host(1), h2 = lan.host(2);
            KeepalivedProcess keepalived = lan.keepalived(h2, file(true));
            String[] expected = {""};
            Deadline.await("keepalived's VMAC rules", WAIT, () -> {
                expected[0] = ruleset(h2);
                return expected[0].contains("\"vrrp.42\" : \"eth0\"") && expected[0].contains("\"vrrp.43\" : \"eth0\"")
                        && expected[0].contains("elements = { \"vrrp.43\" }");
            });
            assertThat(expected[0]).contains("ip protocol igmp meta oifkind \"macvlan\" dup to ip daddr device oif map"
                    + " @vmac_map drop", "icmpv6 type mld2-listener-report meta oifkind \"macvlan\" dup to ip6 daddr"
                    + " device oif map @vmac_map drop", "icmpv6 type nd-router-solicit meta oifkind \"macvlan\" oif"
                    + " @vmac_set drop");

            KeepwatchProcess kw = lan.keepwatch(h1, file(true));
            kw.awaitLog("\\(VI_6\\).*Entering", Lan.START_UP);
            String[] got = {""};
            try {
                Deadline.await("keepwatch's ruleset as keepalived's", WAIT, () -> (got[0] = ruleset(h1)).equals(expected[0]));
            } catch (AssertionError e) {
                assertThat(got[0]).as("keepwatch's ruleset").isEqualTo(expected[0]);
            }
            keepalived.close();

            // the IPv6 instance goes: its VMAC leaves the map and the set
            lan.write(h1.name() + ".conf", file(false));
            kw.signal("HUP");
            Deadline.await("vrrp.43 out of the tables", WAIT, () -> !ruleset(h1).contains("vrrp.43")
                    && !h1.ns().exec("ip", "-o", "link", "show").contains("vrrp.43@"));
            assertThat(ruleset(h1)).contains("\"vrrp.42\" : \"eth0\"");

            kw.signal("TERM");
            assertThat(kw.awaitExit(WAIT)).isZero();
            assertThat(ruleset(h1)).doesNotContain("keepalived");
        }
    }

    /**
     * A VMAC of use_vmac_addr is in its own family's map only, though the instance has excluded
     * addresses of the other family (keepalived makes it for one family), and the instance without
     * use_vmac puts nothing else there.
     */
    @Test
    void anAddressVmacIsInItsOwnFamilysMapOnlyAsWithKeepalived() throws Exception {
        String file = "global_defs {\n  router_id r1\n  vrrp_garp_master_delay 0\n  nftables\n}\n"
                + VrrpConf.v3("VI_4", 42, 100).line("use_vmac_addr").vip("10.77.0.100/24")
                        .line("virtual_ipaddress_excluded {\n    fd00:77::100/64\n    10.77.2.100/24\n  }").block();
        try (Lan lan = Lan.create("vmacnfa", 2)) {
            Lan.Host h1 = lan.host(1), h2 = lan.host(2);
            lan.keepalived(h2, file);
            String[] expected = {""};
            Deadline.await("keepalived's VMAC rules", WAIT, () -> (expected[0] = ruleset(h2)).contains("\"vrrp.42\" : \"eth0\""));
            assertThat(expected[0]).doesNotContain("table ip keepalived");

            KeepwatchProcess kw = lan.keepwatch(h1, file);
            kw.awaitLog("\\(VI_4\\).*Entering", Lan.START_UP);
            String[] got = {""};
            try {
                Deadline.await("keepwatch's ruleset as keepalived's", WAIT, () -> (got[0] = ruleset(h1)).equals(expected[0]));
            } catch (AssertionError e) {
                assertThat(got[0]).as("keepwatch's ruleset").isEqualTo(expected[0]);
            }
            kw.signal("TERM");
            assertThat(kw.awaitExit(WAIT)).isZero();
            assertThat(ruleset(h1)).doesNotContain("keepalived");
        }
    }
}
