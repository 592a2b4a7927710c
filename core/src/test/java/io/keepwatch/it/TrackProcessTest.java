package io.keepwatch.it;

import io.keepwatch.testing.KeepwatchProcess;
import io.keepwatch.testing.RequiresNetns;
import java.net.InetAddress;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;

/**
 * vrrp_track_process as keepalived has it: without a weight the instance is in FAULT while the
 * tracked process does not run (its quorum of 1 is not met), from the start on; a process started
 * or ended later is seen through the kernel's process events.
 */
@RequiresNetns
class TrackProcessTest {

    static final InetAddress VIP = InetAddress.ofLiteral("10.77.0.100");
    static final Duration WAIT = Duration.ofSeconds(20);

    @Test
    void theMasterIsInFaultWhileTheTrackedProcessDoesNotRun() throws Exception {
        // a command line no other process has: sleep with a seconds count of its own
        String seconds = Integer.toString(3_000_000 + ThreadLocalRandom.current().nextInt(1_000_000));
        Process sleeper = null;
        try (Lan lan = Lan.create("ittp", 2)) {
            Lan.Host master = lan.host(1), backup = lan.host(2);
            KeepwatchProcess daemon = lan.keepwatch(master,
                    "vrrp_track_process sleeper {\n  process sleep " + seconds + "\n}\n"
                    + VrrpConf.v3("VI_1", 51, 200).vip("10.77.0.100/24").line("track_process {\n    sleeper\n  }")
                            .file("m"));
            lan.keepwatch(backup, VrrpConf.v3("VI_1", 51, 100).vip("10.77.0.100/24").file("b"));
            daemon.awaitLog("\\(VI_1\\) Entering FAULT STATE \\(init\\)", WAIT);
            lan.awaitOnlyHolder(backup, VIP, WAIT);

            sleeper = new ProcessBuilder("sleep", seconds).start();
            daemon.awaitLog("Quorum gained for tracked process sleeper", WAIT);
            lan.awaitOnlyHolder(master, VIP, WAIT);

            sleeper.destroy();
            daemon.awaitLog("Quorum lost for tracked process sleeper", WAIT);
            lan.awaitOnlyHolder(backup, VIP, WAIT);
            daemon.awaitLog("MASTER -> FAULT", WAIT);
        } finally {
            if (sleeper != null) {
                sleeper.destroyForcibly();
            }
        }
    }
}
