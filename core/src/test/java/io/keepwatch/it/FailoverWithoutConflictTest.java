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
 * A legitimate change of master is no address conflict: a higher priority that preempts, and a
 * backup taking over from a master that stops, each announce the VIP with a MAC that differs from
 * the last holder's, and neither the old master, nor the new, nor a backup watching both reports
 * anything.
 */
@RequiresNetns
class FailoverWithoutConflictTest {

    private static final Duration SETTLE = Duration.ofSeconds(20);
    private static final InetAddress VIP = InetAddress.ofLiteral("10.77.0.170");

    /** advert_int 1: a host slowed down while its JVM starts must not miss three adverts and flap. */
    private static String conf(String routerId, int priority) {
        return VrrpConf.v3("VI_1", 66, priority).set("advert_int", "1").vip("10.77.0.170/24").file(routerId);
    }

    @Test
    void preemptionAndTakeoverAfterAStopReportNothing() throws Exception {
        try (Lan lan = Lan.create("itsbf", 3)) {
            Lan.Host high = lan.host(1);
            Lan.Host middle = lan.host(2);
            Lan.Host low = lan.host(3);
            KeepwatchProcess kwMiddle = lan.keepwatch(middle, conf("m", 150));
            KeepwatchProcess kwLow = lan.keepwatch(low, conf("l", 100));
            lan.awaitOnlyHolder(middle, VIP, Lan.START_UP);
            kwLow.awaitLog("Entering BACKUP STATE", SETTLE);

            KeepwatchProcess kwHigh = lan.keepwatch(high, conf("h", 200));
            lan.awaitOnlyHolder(high, VIP, Lan.START_UP);
            kwMiddle.awaitLog("MASTER -> BACKUP: higher priority 200", SETTLE);

            kwHigh.signal("TERM");
            kwHigh.awaitExit(SETTLE);
            lan.awaitOnlyHolder(middle, VIP, SETTLE);
            // a claim is judged a quarter of a second after it is seen: give it several seconds
            Deadline quiet = Deadline.after(Duration.ofSeconds(3));
            while (!quiet.passed()) {
                for (KeepwatchProcess p : List.of(kwHigh, kwMiddle, kwLow)) {
                    assertThat(p.log()).as(p.toString()).doesNotContain("address conflict");
                }
                quiet.pause();
            }
        }
    }
}
