package io.keepwatch.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.keepwatch.testing.AddressWatch;
import io.keepwatch.testing.KeepwatchProcess;
import io.keepwatch.testing.RequiresNetns;
import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * SIGTERM on the master: it resigns with priority 0 (RFC 5798 section 6.4.3), removes its VIP and
 * exits 0; the backup takes over after Skew_Time instead of Master_Down_Interval (section 6.4.2).
 * advert_int 1 here, so that the two intervals are far apart: Master_Down_Interval is 3.61 s for
 * priority 100, Skew_Time 0.61 s.
 */
@RequiresNetns
class GracefulHandoverTest {

    static final InetAddress VIP = InetAddress.ofLiteral("10.77.0.100");

    @Test
    void sigtermResignsAndTheBackupTakesOverWithinSkewTime() throws Exception {
        try (Lan lan = Lan.create("itgr", 2)) {
            Lan.Host master = lan.host(1), backup = lan.host(2);
            KeepwatchProcess first = lan.keepwatch(master, VrrpConf.v3("VI_1", 51, 200).set("advert_int", "1")
                    .set("state", "MASTER").vip("10.77.0.100/24").file("m"));
            lan.awaitOnlyHolder(master, VIP, Lan.START_UP);
            KeepwatchProcess second = lan.keepwatch(backup, VrrpConf.v3("VI_1", 51, 100).set("advert_int", "1")
                    .vip("10.77.0.100/24").file("b"));
            second.awaitLog("INIT -> BACKUP", Lan.START_UP);
            lan.awaitOnlyHolder(master, VIP, Duration.ofSeconds(3));

            long termAt = System.nanoTime();
            first.signal("TERM");
            lan.awaitOnlyHolder(backup, VIP, Duration.ofSeconds(3));
            int exit = first.awaitExit(Duration.ofSeconds(2));
            long exitedAt = System.nanoTime();

            assertThat(exit).as("exit code after SIGTERM").isZero();
            assertThat(Duration.ofNanos(exitedAt - termAt)).as("time to exit").isLessThan(Duration.ofSeconds(2));
            long released = lastChange(master.watch(), false);
            long taken = lastChange(backup.watch(), true);
            assertThat(released).as("the master released its VIP after SIGTERM").isGreaterThan(termAt);
            Duration takeover = Duration.ofNanos(taken - termAt);
            // Skew_Time is 0.61 s; Master_Down_Interval 3.61 s: anything near the latter means the
            // priority 0 advert was not sent or not honoured.
            assertThat(takeover).as("takeover after SIGTERM").isLessThan(Duration.ofMillis(1500));
            second.awaitLog("BACKUP -> MASTER: master 10\\.77\\.0\\.1 resigned \\(priority 0\\)", Duration.ofSeconds(2));
        }
    }

    private static long lastChange(AddressWatch watch, boolean present) {
        List<AddressWatch.Presence> changes = watch.presence(VIP);
        assertThat(changes).isNotEmpty();
        AddressWatch.Presence last = changes.getLast();
        assertThat(last.present()).isEqualTo(present);
        return last.nanos();
    }
}
