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
 * split_brain_heal with multicast VRRP dropped on the bridge (nft, bridge family, forward hook)
 * while unicast flows: both hosts become MASTER, each sees the other claim the VIP, and the
 * winner's unicast adverts make the lower priority BACKUP; it stays so while multicast is blocked,
 * and nothing moves when multicast comes back. Off, both stay MASTER.
 */
@RequiresNetns
class SplitBrainHealTest {

    private static final InetAddress VIP = InetAddress.ofLiteral("10.77.0.100");
    /** A long stretch for a backup whose Master_Down_Interval is under half a second (advert_int 0.1). */
    private static final Duration QUIET = Duration.ofSeconds(30);
    private static final Duration WAIT = Duration.ofSeconds(20);

    /** Drops IPv4 multicast VRRP on the bridge; everything else (ARP, unicast) is forwarded. */
    static void blockMulticastVrrp(Lan lan) {
        lan.switchNs().exec("nft", "add table bridge kwtest");
        lan.switchNs().exec("nft", "add chain bridge kwtest vrrp { type filter hook forward priority 0 ; }");
        lan.switchNs().exec("nft", "add rule bridge kwtest vrrp ip daddr 224.0.0.18 drop");
    }

    static void unblockMulticastVrrp(Lan lan) {
        lan.switchNs().exec("nft", "flush chain bridge kwtest vrrp");
    }

    /** Whether {@code ip addr} on {@code host} lists the VIP. */
    static boolean ipAddrShowsVip(Lan.Host host) {
        return host.ns().exec("ip", "-br", "-4", "addr", "show", "dev", "eth0").contains(VIP.getHostAddress() + "/");
    }

    /**
     * Asserts that for {@code period} the VIP's holders stay {@code holders} and no host's VIP comes
     * or goes (every address event counts, however short).
     */
    static void assertUnchangedFor(Lan lan, List<Lan.Host> holders, Duration period) throws InterruptedException {
        List<Integer> before = lan.hosts().stream().map(h -> h.watch().presence(VIP).size()).toList();
        Deadline end = Deadline.after(period);
        while (!end.passed()) {
            assertThat(lan.holders(VIP)).as("VIP holders").containsExactlyInAnyOrderElementsOf(holders);
            end.pause();
        }
        assertThat(lan.hosts().stream().map(h -> h.watch().presence(VIP).size()).toList())
                .as("address changes on each host").isEqualTo(before);
    }

    @Test
    void theLowerPriorityYieldsByUnicastAndNothingMovesAfterwards() throws Exception {
        try (Lan lan = Lan.create("itsbh", 2)) {
            Lan.Host high = lan.host(1), low = lan.host(2);
            blockMulticastVrrp(lan);
            KeepwatchProcess winner = lan.keepwatch(high, VrrpConf.v3("VI_1", 51, 150).vip("10.77.0.100/24").file("high"));
            lan.awaitOnlyHolder(high, VIP, Lan.START_UP);
            KeepwatchProcess loser = lan.keepwatch(low, VrrpConf.v3("VI_1", 51, 100).vip("10.77.0.100/24").file("low"));
            // the before state: it hears no multicast advert, so it takes the VIP too
            loser.awaitLog("\\(VI_1\\) Entering MASTER STATE", Lan.START_UP);

            winner.awaitLog("\\(VI_1\\) split brain: 10\\.77\\.0\\.2 .*sending it our adverts by unicast", WAIT);
            loser.awaitLog("MASTER -> BACKUP: higher priority 150 from 10\\.77\\.0\\.1", WAIT);
            lan.awaitOnlyHolder(high, VIP, WAIT);
            assertThat(ipAddrShowsVip(high)).as("ip addr on the winner").isTrue();
            assertThat(ipAddrShowsVip(low)).as("ip addr on the loser").isFalse();

            // the winner's unicast adverts keep the loser's Master_Down_Timer from expiring
            assertUnchangedFor(lan, List.of(high), QUIET);

            unblockMulticastVrrp(lan);
            assertUnchangedFor(lan, List.of(high), Duration.ofSeconds(10));
            assertThat(loser.log()).containsOnlyOnce("-> BACKUP: higher priority");
            assertThat(winner.log()).containsOnlyOnce("Entering MASTER STATE");
        }
    }

    @Test
    void withHealingOffBothStayMaster() throws Exception {
        try (Lan lan = Lan.create("itsbo", 2)) {
            Lan.Host high = lan.host(1), low = lan.host(2);
            blockMulticastVrrp(lan);
            String off = "global_defs {\n  split_brain_heal off\n}\n";
            KeepwatchProcess first = lan.keepwatch(high, off + VrrpConf.v3("VI_1", 51, 150).vip("10.77.0.100/24").block());
            lan.awaitOnlyHolder(high, VIP, Lan.START_UP);
            KeepwatchProcess second = lan.keepwatch(low, off + VrrpConf.v3("VI_1", 51, 100).vip("10.77.0.100/24").block());
            second.awaitLog("\\(VI_1\\) Entering MASTER STATE", Lan.START_UP);
            Deadline.await("both holding the VIP", WAIT, () -> lan.holders(VIP).size() == 2);

            assertUnchangedFor(lan, List.of(high, low), Duration.ofSeconds(5));
            assertThat(first.log() + second.log()).doesNotContain("split brain:").doesNotContain("MASTER -> BACKUP");
        }
    }

}
