package io.keepwatch.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.keepwatch.testing.Deadline;
import io.keepwatch.testing.KeepwatchProcess;
import io.keepwatch.testing.RequiresNetns;
import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * nftables with vrrp_strict, as keepalived: while an instance without accept mode is MASTER its VIPs
 * are in the drop set of the table keepalived (nft list ruleset), so a peer's ping to such a VIP is
 * dropped while a VIP with accept answers; leaving MASTER takes them out; the stop deletes the
 * tables, and the start after a kill -9 deletes what the killed run left.
 */
@RequiresNetns
class VipFirewallTest {

    static final InetAddress DROPPED = InetAddress.ofLiteral("10.77.0.150");
    static final InetAddress ACCEPTED = InetAddress.ofLiteral("10.77.0.151");

    private static String file(int priority) {
        return "global_defs {\n  router_id fw\n  vrrp_garp_master_delay 0\n  vrrp_strict\n  nftables\n"
                + "  nftables_counters\n}\n"
                + VrrpConf.v3("VI_DROP", 71, priority).vip("10.77.0.150/24")
                        .line("virtual_ipaddress_excluded {\n    fd00:77::150/64\n    fe80::150/64\n  }").block()
                + VrrpConf.v3("VI_ACCEPT", 72, priority).line("accept").vip("10.77.0.151/24").block();
    }

    @Test
    void aMasterWithoutAcceptModeDropsTrafficToItsVips() throws Exception {
        try (Lan lan = Lan.create("itnft", 2)) {
            Lan.Host h1 = lan.host(1), peer = lan.host(2);
            KeepwatchProcess high = lan.keepwatch(peer, file(200));
            lan.awaitOnlyHolder(peer, DROPPED, Lan.START_UP);
            KeepwatchProcess daemon = lan.keepwatch(h1, file(100));
            daemon.awaitLog("VI_DROP.*Entering BACKUP STATE", Lan.START_UP);
            // a BACKUP holds no VIP, and keepalived makes the tables only for a master (on a loaded host a
            // new backup may miss the first adverts and be master for a moment: the state settles)
            Deadline.await("h1 BACKUP without drop rules", Duration.ofSeconds(20),
                    () -> lan.holders(DROPPED).equals(List.of(peer)) && !ruleset(h1).contains("10.77.0.150"));

            high.close();
            lan.awaitOnlyHolder(h1, DROPPED, Duration.ofSeconds(20));
            lan.awaitOnlyHolder(h1, ACCEPTED, Duration.ofSeconds(20));
            String rules = awaitRuleset(h1, "table ip keepalived", "type filter hook input priority filter - 1",
                    "ip daddr @vips counter packets", "ip saddr @vips counter packets", "elements = { 10.77.0.150 }",
                    "table ip6 keepalived", "elements = { fd00:77::150 }", "elements = { fe80::150 . \"eth0\" }",
                    "icmpv6 type @neighbor-discovery counter packets");
            assertThat(rules).doesNotContain("10.77.0.151");
            // each once the state has settled
            Deadline.await("the VIP without accept silent", Duration.ofSeconds(20), () -> !answers(peer, DROPPED));
            Deadline.await("the VIP with accept answering", Duration.ofSeconds(20), () -> answers(peer, ACCEPTED));
            assertThat(answers(peer, InetAddress.ofLiteral(h1.ip()))).as("echo to the host's own address").isTrue();
            assertThat(ruleset(h1)).contains("elements = { 10.77.0.150 }");

            daemon.close();
            assertThat(ruleset(h1)).doesNotContain("keepalived");
        }
    }

    @Test
    void leavingMasterEmptiesTheSetAndAStartAfterKillRemovesTheLeftTables() throws Exception {
        try (Lan lan = Lan.create("itnftk", 2)) {
            Lan.Host h1 = lan.host(1), peer = lan.host(2);
            KeepwatchProcess daemon = lan.keepwatch(h1, file(100));
            lan.awaitOnlyHolder(h1, DROPPED, Lan.START_UP);
            Deadline.await("the VIP in the drop set", Duration.ofSeconds(20),
                    () -> ruleset(h1).contains("elements = { 10.77.0.150 }"));

            // a higher priority takes over: the VIP leaves the set, the table stays
            KeepwatchProcess high = lan.keepwatch(peer, file(200));
            lan.awaitOnlyHolder(peer, DROPPED, Lan.START_UP);
            Deadline.await("the drop set emptied", Duration.ofSeconds(20),
                    () -> ruleset(h1).contains("table ip keepalived") && !ruleset(h1).contains("10.77.0.150"));
            high.close();
            lan.awaitOnlyHolder(h1, DROPPED, Duration.ofSeconds(20));
            Deadline.await("the VIP in the drop set again", Duration.ofSeconds(20),
                    () -> ruleset(h1).contains("elements = { 10.77.0.150 }"));

            daemon.signal("KILL");
            daemon.awaitExit(Duration.ofSeconds(10));
            assertThat(ruleset(h1)).contains("table ip keepalived");
            // the next run stays BACKUP (the peer is master, higher): only the start can remove the table
            KeepwatchProcess back = lan.keepwatch(peer, file(200));
            back.awaitLog("VI_DROP.*Entering MASTER STATE", Lan.START_UP);
            KeepwatchProcess again = lan.keepwatch(h1, file(100));
            again.awaitLog("VI_DROP.*Entering BACKUP STATE", Lan.START_UP);
            lan.awaitOnlyHolder(peer, DROPPED, Duration.ofSeconds(20));
            Deadline.await("the left table removed", Duration.ofSeconds(20),
                    () -> !ruleset(h1).contains("keepalived"));
            assertThat(again.log()).contains("removing nftables table keepalived");
            assertThat(back.isAlive()).isTrue();
        }
    }

    /** The ruleset once it contains every one of {@code parts}. */
    private static String awaitRuleset(Lan.Host host, String... parts) throws InterruptedException {
        String[] last = {""};
        try {
            Deadline.await("the drop rules", Duration.ofSeconds(20), () -> {
                last[0] = ruleset(host);
                return List.of(parts).stream().allMatch(last[0]::contains);
            });
        } catch (AssertionError e) {
            assertThat(last[0]).contains(parts);
        }
        return last[0];
    }

    private static String ruleset(Lan.Host host) {
        return host.ns().exec("nft", "list", "ruleset");
    }

    /** Whether {@code to} answers an ICMP echo from {@code host} (the JDK sends one when root). */
    private static boolean answers(Lan.Host host, InetAddress to) {
        try {
            return host.ns().call(() -> to.isReachable(2000));
        } catch (Exception e) {
            throw new IllegalStateException("echo from " + host + " to " + to, e);
        }
    }
}
