package io.keepwatch.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.keepwatch.testing.AddressWatch;
import io.keepwatch.testing.KeepwatchProcess;
import io.keepwatch.testing.RequiresNetns;
import java.net.InetAddress;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * kill -9 of the master leaves its VIP in the kernel; the backup takes over; the restarted daemon
 * removes the leftover before anything else and then preempts back, so the two never hold the VIP
 * together once it runs.
 */
@RequiresNetns
class KillRestartTest {

    static final InetAddress VIP = InetAddress.ofLiteral("10.77.0.100");
    static final Duration OVERLAP = Duration.ofMillis(250);

    @Test
    void aRestartAfterSigkillClearsTheLeftoverVipAndPreemptsBack() throws Exception {
        try (Lan lan = Lan.create("itkill", 2)) {
            Lan.Host master = lan.host(1), backup = lan.host(2);
            String masterConfig = VrrpConf.v3("VI_1", 51, 200).vip("10.77.0.100/24").file("m");
            KeepwatchProcess first = lan.keepwatch(master, masterConfig);
            lan.keepwatch(backup, VrrpConf.v3("VI_1", 51, 100).vip("10.77.0.100/24").file("b"));
            lan.awaitOnlyHolder(master, VIP, Lan.START_UP);

            first.signal("KILL");
            assertThat(first.awaitExit(Duration.ofSeconds(5))).isEqualTo(137);
            backup.watch().awaitPresent("eth0", VIP, Duration.ofSeconds(3));
            assertThat(lan.holds(master, VIP)).as("the kernel keeps a killed daemon's VIP").isTrue();

            long restartAt = System.nanoTime();
            KeepwatchProcess second = lan.keepwatch(master, masterConfig);
            second.awaitLog("removed 10\\.77\\.0\\.100/24 left on eth0 by an earlier run", Lan.START_UP);
            lan.awaitOnlyHolder(master, VIP, Duration.ofSeconds(5));

            long cleared = master.watch().presence(VIP).stream()
                    .filter(p -> p.nanos() > restartAt && !p.present())
                    .mapToLong(AddressWatch.Presence::nanos).findFirst()
                    .orElseThrow(() -> new AssertionError("the leftover VIP was never removed\n" + lan.logs()));
            assertThat(lan.longestOverlap(VIP, cleared)).as("both holding after the restart").isLessThan(OVERLAP);
            // the transition is logged after the VIP is added (Notify is a master's last action)
            second.awaitLog("BACKUP -> MASTER", Duration.ofSeconds(2));
        }
    }
}
