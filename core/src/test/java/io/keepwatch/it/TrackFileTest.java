package io.keepwatch.it;

import io.keepwatch.testing.KeepwatchProcess;
import io.keepwatch.testing.RequiresNetns;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * track_file as keepalived has it: the number written in the file, times the weight, moves the
 * priority; with weight 0 a non-zero number is FAULT. The file is watched (inotify), so a write,
 * a removal or a file that was there before the start are all seen.
 */
@RequiresNetns
class TrackFileTest {

    static final InetAddress VIP = InetAddress.ofLiteral("10.77.0.100");
    static final Duration WAIT = Duration.ofSeconds(20);

    private static String trackFile(Path file, String weight) {
        return "track_file app {\n  file " + file + "\n  weight " + weight + "\n}\n";
    }

    @Test
    void theNumberTimesTheWeightMovesThePriority() throws Exception {
        try (Lan lan = Lan.create("ittf", 2)) {
            Lan.Host master = lan.host(1), backup = lan.host(2);
            Path state = lan.write("app.state", "0\n");
            KeepwatchProcess daemon = lan.keepwatch(master, trackFile(state, "10")
                    + VrrpConf.v3("VI_1", 51, 100).vip("10.77.0.100/24").line("track_file {\n    app\n  }").file("m"));
            lan.keepwatch(backup, VrrpConf.v3("VI_1", 51, 95).vip("10.77.0.100/24").file("b"));
            lan.awaitOnlyHolder(master, VIP, WAIT);

            Files.writeString(state, "2\n");
            daemon.awaitLog("\\(VI_1\\) effective priority 100 -> 120: tracker file:app at 2", WAIT);

            // 100 - 10: below the backup's 95, which preempts
            Files.writeString(state, "-1\n");
            daemon.awaitLog("effective priority 120 -> 90", WAIT);
            lan.awaitOnlyHolder(backup, VIP, WAIT);

            // a removed file counts as 0
            Files.delete(state);
            daemon.awaitLog("effective priority 90 -> 100", WAIT);
            lan.awaitOnlyHolder(master, VIP, WAIT);
        }
    }

    @Test
    void withWeightZeroANonZeroNumberIsFaultFromTheStartOn() throws Exception {
        try (Lan lan = Lan.create("ittfz", 2)) {
            Lan.Host master = lan.host(1), backup = lan.host(2);
            Path state = lan.write("app.state", "1\n");
            KeepwatchProcess daemon = lan.keepwatch(master, trackFile(state, "0")
                    + VrrpConf.v3("VI_1", 51, 100).vip("10.77.0.100/24").line("track_file {\n    app\n  }").file("m"));
            lan.keepwatch(backup, VrrpConf.v3("VI_1", 51, 95).vip("10.77.0.100/24").file("b"));
            daemon.awaitLog("\\(VI_1\\) Entering FAULT STATE \\(init\\)", WAIT);
            lan.awaitOnlyHolder(backup, VIP, WAIT);

            // written elsewhere and moved in, as tools that replace a file do
            Path next = lan.write("app.next", "0\n");
            Files.move(next, state, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                    java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            lan.awaitOnlyHolder(master, VIP, WAIT);
            daemon.awaitLog("FAULT -> BACKUP", WAIT);

            Files.writeString(state, "7\n");
            lan.awaitOnlyHolder(backup, VIP, WAIT);
            daemon.awaitLog("MASTER -> FAULT", WAIT);
        }
    }
}
