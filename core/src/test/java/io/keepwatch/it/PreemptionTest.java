package io.keepwatch.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.keepwatch.testing.Deadline;
import io.keepwatch.testing.KeepwatchProcess;
import io.keepwatch.testing.RequiresNetns;
import java.net.InetAddress;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * A higher priority router joining a LAN whose master has a lower priority: it takes over at once
 * by default (RFC 5798 Preempt_Mode true), never with nopreempt, and only after preempt_delay
 * when one is set. VRRPv3, advert_int 0.1 s.
 */
@RequiresNetns
class PreemptionTest {

    static final InetAddress VIP = InetAddress.ofLiteral("10.77.0.100");
    static final Duration START = Lan.START_UP;

    private static VrrpConf instance(int priority) {
        return VrrpConf.v3("VI_1", 51, priority).vip("10.77.0.100/24");
    }

    @Test
    void aHigherPriorityRouterTakesOverByDefault() throws Exception {
        try (Lan lan = Lan.create("itpre", 2)) {
            Lan.Host low = lan.host(1), high = lan.host(2);
            lan.keepwatch(low, instance(100).file("low"));
            lan.awaitOnlyHolder(low, VIP, START);
            KeepwatchProcess joining = lan.keepwatch(high, instance(200).file("high"));
            joining.awaitLog("INIT -> BACKUP", START);
            long started = System.nanoTime();
            lan.awaitOnlyHolder(high, VIP, Duration.ofSeconds(3));
            // Preemption waits for nothing but the master down timer (0.3 s), not for a delay.
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofMillis(1500));
            joining.awaitLog("-> MASTER: preempting lower priority 100", Duration.ofSeconds(2));
        }
    }

    @Test
    void nopreemptLeavesTheLowerPriorityMasterInPlace() throws Exception {
        try (Lan lan = Lan.create("itnop", 2)) {
            Lan.Host low = lan.host(1), high = lan.host(2);
            lan.keepwatch(low, instance(100).file("low"));
            lan.awaitOnlyHolder(low, VIP, START);
            KeepwatchProcess joining = lan.keepwatch(high, instance(200).line("nopreempt").file("high"));
            joining.awaitLog("INIT -> BACKUP", START);
            // Ten advert intervals and three Master_Down_Intervals: preemption would have happened.
            assertHolderFor(lan, low, Duration.ofSeconds(1));
            assertThat(joining.log()).doesNotContain("-> MASTER");

            // It still takes over when the master really goes away.
            lan.cut(low);
            lan.awaitOnlyHolder(high, VIP, Duration.ofSeconds(3));
            // And the returning lower priority router does not preempt it either.
            lan.restore(low);
            assertHolderFor(lan, high, Duration.ofSeconds(1));
        }
    }

    @Test
    void preemptDelayPostponesTheTakeover() throws Exception {
        try (Lan lan = Lan.create("itpd", 2)) {
            Lan.Host low = lan.host(1), high = lan.host(2);
            lan.keepwatch(low, instance(100).file("low"));
            lan.awaitOnlyHolder(low, VIP, START);
            KeepwatchProcess joining = lan.keepwatch(high, instance(200).line("preempt_delay 2").file("high"));
            joining.awaitLog("INIT -> BACKUP", START);
            long started = System.nanoTime();
            assertHolderFor(lan, low, Duration.ofMillis(1500));
            lan.awaitOnlyHolder(high, VIP, Duration.ofSeconds(3));
            Duration waited = Duration.ofNanos(System.nanoTime() - started);
            assertThat(waited).as("takeover after preempt_delay 2").isBetween(Duration.ofMillis(1800), Duration.ofMillis(3500));
        }
    }

    /** Asserts that {@code holder} alone keeps the VIP for {@code period}. */
    static void assertHolderFor(Lan lan, Lan.Host holder, Duration period) throws InterruptedException {
        assertHolderFor(lan, holder, VIP, period);
    }

    static void assertHolderFor(Lan lan, Lan.Host holder, InetAddress vip, Duration period) throws InterruptedException {
        Deadline end = Deadline.after(period);
        while (!end.passed()) {
            assertThat(lan.holders(vip)).as("VIP holders").containsExactly(holder);
            end.pause();
        }
    }
}
