package io.keepwatch.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.keepwatch.testing.RequiresNetns;
import java.net.InetAddress;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * Failover on a cable cut and preemption on its repair, with two and three keepwatch daemons on
 * one LAN (VRRPv3, advert_int 0.1 s: Master_Down_Interval is about 0.3 s).
 */
@RequiresNetns
class FailoverTest {

    static final InetAddress VIP = InetAddress.ofLiteral("10.77.0.100");
    static final Duration START = Lan.START_UP;
    static final Duration MOVE = Duration.ofSeconds(5);
    /** Preemption swaps masters: the old one lets go when the new one's first advert arrives. */
    static final Duration HANDOVER_OVERLAP = Duration.ofMillis(250);

    private static String config(int priority) {
        return VrrpConf.v3("VI_1", 51, priority).vip("10.77.0.100/24").file("r" + priority);
    }

    @Test
    void twoNodesFailOverOnLinkCutAndPreemptBack() throws Exception {
        try (Lan lan = Lan.create("itfo2", 2)) {
            Lan.Host high = lan.host(1), low = lan.host(2);
            lan.keepwatch(high, config(200));
            lan.keepwatch(low, config(100));
            lan.awaitOnlyHolder(high, VIP, START);
            long settled = System.nanoTime();

            lan.cut(high);
            // The cut master loses its carrier, goes to FAULT and lets the VIP go.
            lan.awaitOnlyHolder(low, VIP, MOVE);
            long cutAt = System.nanoTime();
            assertThat(lan.longestOverlap(VIP, settled)).as("overlap around the cut").isLessThan(HANDOVER_OVERLAP);

            lan.restore(high);
            long restoredAt = System.nanoTime();
            lan.awaitOnlyHolder(high, VIP, MOVE);
            awaitStable(lan, high, VIP);
            assertThat(lan.longestOverlap(VIP, restoredAt)).as("overlap after the link came back")
                    .isLessThan(HANDOVER_OVERLAP);
            assertThat(cutAt).isLessThan(restoredAt);
        }
    }

    @Test
    void threeNodesFailOverToTheNextHighestPriorityAndPreemptBack() throws Exception {
        try (Lan lan = Lan.create("itfo3", 3)) {
            Lan.Host a = lan.host(1), b = lan.host(2), c = lan.host(3);
            lan.keepwatch(a, config(150));
            lan.keepwatch(b, config(50));
            lan.keepwatch(c, config(100));
            lan.awaitOnlyHolder(a, VIP, START);
            long settled = System.nanoTime();

            lan.cut(a);
            lan.awaitOnlyHolder(c, VIP, MOVE);
            assertThat(lan.holds(b, VIP)).isFalse();
            // Once a is gone, b and c must never both hold it.
            long failedOver = System.nanoTime();
            assertThat(lan.longestOverlap(VIP, settled)).isLessThan(HANDOVER_OVERLAP);

            lan.cut(c);
            lan.awaitOnlyHolder(b, VIP, MOVE);
            lan.restore(c);
            lan.awaitOnlyHolder(c, VIP, MOVE);
            lan.restore(a);
            long restoredAt = System.nanoTime();
            lan.awaitOnlyHolder(a, VIP, MOVE);
            awaitStable(lan, a, VIP);
            assertThat(lan.longestOverlap(VIP, restoredAt)).isLessThan(HANDOVER_OVERLAP);
            assertThat(failedOver).isLessThan(restoredAt);
        }
    }

    /** The winner keeps the VIP alone for a few advert intervals: no flapping after preemption. */
    static void awaitStable(Lan lan, Lan.Host holder, InetAddress vip) throws InterruptedException {
        long since = System.nanoTime();
        io.keepwatch.testing.Deadline quiet = io.keepwatch.testing.Deadline.after(Duration.ofMillis(800));
        while (!quiet.passed()) {
            assertThat(lan.holders(vip)).as("holders while %s should keep the VIP", holder).containsExactly(holder);
            quiet.pause();
        }
        assertThat(holder.watch().presence(vip).stream().filter(p -> p.nanos() > since)).isEmpty();
    }
}
