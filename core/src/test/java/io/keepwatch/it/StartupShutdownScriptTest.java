package io.keepwatch.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.keepwatch.testing.Deadline;
import io.keepwatch.testing.KeepwatchProcess;
import io.keepwatch.testing.RequiresNetns;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@code startup_script} runs before any instance (no VIP yet), {@code shutdown_script} after every
 * instance stopped (the VIP gone); each that overstays its timeout is killed, with what it started,
 * and keepwatch goes on.
 */
@RequiresNetns
class StartupShutdownScriptTest {

    static final InetAddress VIP = InetAddress.ofLiteral("10.77.0.100");

    @Test
    void scriptsRunInOrderAroundTheInstancesAndTheirTimeoutsAreKept() throws Exception {
        try (Lan lan = Lan.create("itlife", 1)) {
            Lan.Host host = lan.host(1);
            Path trace = lan.dir().resolve("trace");
            Path pids = lan.dir().resolve("pids");
            // Each records whether the VIP is on eth0 when it runs, then sleeps far past its timeout.
            String body = "echo \"$1 vip=$(ip -o addr show dev eth0 | grep -c ' 10.77.0.100/')\" >> '" + trace + "'\n"
                    + "sleep 300 &\necho $! >> '" + pids + "'\nwait\n";
            Path script = lan.write("phase.sh", "#!/bin/sh\n" + body);
            Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
            String config = VrrpConf.file("life", VrrpConf.v3("VI_1", 51, 255).set("state", "MASTER")
                    .vip("10.77.0.100/24")).replace("global_defs {\n", "global_defs {\n"
                    + "  startup_script \"" + script + " startup\"\n  startup_script_timeout 1\n"
                    + "  shutdown_script \"" + script + " shutdown\"\n  shutdown_script_timeout 1\n");
            KeepwatchProcess daemon = lan.keepwatch(host, config);
            daemon.awaitLog("startup_script .*phase.sh failed: timed out after 1 s", Lan.START_UP);
            host.watch().awaitPresent("eth0", VIP, Lan.START_UP);
            assertThat(Files.readAllLines(trace)).containsExactly("startup vip=0");

            daemon.signal("TERM");
            assertThat(daemon.awaitExit(Duration.ofSeconds(20))).isZero();
            assertThat(Files.readAllLines(trace)).containsExactly("startup vip=0", "shutdown vip=0");
            assertThat(daemon.log()).containsPattern("shutdown_script .*phase.sh failed: timed out after 1 s");
            List<String> started = Files.readAllLines(pids);
            assertThat(started).hasSize(2);
            for (String pid : started) {
                Deadline.await("what the script started (pid " + pid + ") killed", Duration.ofSeconds(10),
                        () -> ProcessHandle.of(Long.parseLong(pid.trim())).map(h -> !h.isAlive()).orElse(true));
            }
        }
    }
}
