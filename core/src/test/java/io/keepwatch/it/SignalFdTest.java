package io.keepwatch.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.keepwatch.testing.KeepwatchProcess;
import io.keepwatch.testing.RequiresNetns;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The daemon started as the packaged launcher starts it: TERM, INT, HUP and QUIT blocked from exec
 * and {@code -Xrs}. It reads them from a signalfd, on a thread of its own, and each still does what
 * it does under the JVM's handlers.
 */
@RequiresNetns
class SignalFdTest {

    static final InetAddress VIP = InetAddress.ofLiteral("10.77.0.100");

    @Test
    void hupReloadsQuitLogsTheThreadsAndTermResignsAndExits() throws Exception {
        try (Lan lan = Lan.create("itsfd", 1)) {
            Lan.Host owner = lan.host(1);
            KeepwatchProcess daemon = lan.keepwatchWithSignalsBlocked(owner,
                    VrrpConf.v3("VI_1", 51, 255).set("state", "MASTER").vip("10.77.0.100/24").file("o"));
            daemon.awaitLog("keepwatch running", Duration.ofSeconds(20));
            lan.awaitOnlyHolder(owner, VIP, Duration.ofSeconds(5));
            assertThat(threadNames(daemon.pid())).as("threads of the daemon").contains("keepwatch-signa");

            daemon.signal("HUP");
            daemon.awaitLog("reloaded ", Duration.ofSeconds(5));
            daemon.signal("QUIT");
            daemon.awaitLog("SIGQUIT received: threads", Duration.ofSeconds(5));
            assertThat(daemon.isAlive()).as("alive after SIGQUIT").isTrue();

            daemon.signal("TERM");
            assertThat(daemon.awaitExit(Duration.ofSeconds(5))).as(daemon.log()).isZero();
            lan.awaitNoHolder(VIP, Duration.ofSeconds(2));
            assertThat(daemon.log()).contains("SIGTERM received: stop").doesNotContain("Exception");
        }
    }

    /** The names of the threads of {@code pid} and its descendants (the java process under env). */
    private static List<String> threadNames(long pid) throws Exception {
        List<String> names = new ArrayList<>();
        List<ProcessHandle> all = new ArrayList<>();
        ProcessHandle.of(pid).ifPresent(all::add);
        ProcessHandle.of(pid).ifPresent(p -> p.descendants().forEach(all::add));
        for (ProcessHandle p : all) {
            try (var tasks = Files.list(Path.of("/proc", String.valueOf(p.pid()), "task"))) {
                for (Path task : tasks.toList()) {
                    names.add(Files.readString(task.resolve("comm")).strip());
                }
            }
        }
        return names;
    }
}
