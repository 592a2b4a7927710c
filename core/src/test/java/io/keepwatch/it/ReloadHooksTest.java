package io.keepwatch.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.keepwatch.testing.Deadline;
import io.keepwatch.testing.KeepwatchProcess;
import io.keepwatch.testing.RequiresNetns;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.Test;

/**
 * The global_defs keywords around reloads, on a running daemon: reload_check_config writes the
 * refusal's reasons to its log file, config_save_dir keeps the configuration before and after each
 * reload, reload_file goes once the file is read, reload_time_file reloads at the time the file
 * gives (and the file goes), and data_use_instance names the state dump after the namespace.
 */
@RequiresNetns
class ReloadHooksTest {

    static final InetAddress VIP2 = InetAddress.ofLiteral("10.77.0.101");
    static final Duration WAIT = Duration.ofSeconds(20);

    @Test
    void aScheduledReloadAndTheFilesAroundReloads() throws Exception {
        try (Lan lan = Lan.create("itrlh", 1)) {
            Lan.Host host = lan.host(1);
            Path check = lan.dir().resolve("check.log");
            Path saved = lan.dir().resolve("saved");
            Path busy = lan.dir().resolve("reload.busy");
            Path time = lan.dir().resolve("reload-time");
            String hooks = "global_defs {\n  reload_check_config " + check + "\n  config_save_dir " + saved + "\n"
                    + "  reload_file " + busy + "\n  reload_time_file " + time + "\n  data_use_instance\n";
            VrrpConf one = VrrpConf.v3("VI_1", 51, 255).set("state", "MASTER").vip("10.77.0.100/24");
            String first = VrrpConf.file("rlh", one).replace("global_defs {\n", hooks);
            KeepwatchProcess daemon = lan.keepwatch(host, first);
            host.watch().awaitPresent("eth0", InetAddress.ofLiteral("10.77.0.100"), Lan.START_UP);
            daemon.awaitLog("keepwatch running", WAIT);

            // A broken file: refused, its reasons in the check log; the configuration in force saved
            Files.writeString(lan.dir().resolve("h1.conf"), first.replace("priority 255", "priority 256"));
            Files.writeString(busy, "changing");
            daemon.signal("HUP");
            daemon.awaitLog("New config failed validation, see " + check + " for details", WAIT);
            assertThat(Files.readString(check)).contains("h1.conf:").contains("priority");
            assertThat(busy).as("reload_file, once the file was read").doesNotExist();
            assertThat(saved.resolve("keepwatch_vrrp." + daemon.pid() + ".1.pre")).content().contains("10.77.0.100/24");

            // A second VIP, applied at the time the time file names
            Files.writeString(lan.dir().resolve("h1.conf"), VrrpConf.file("rlh", one.vip("10.77.0.101/24"))
                    .replace("global_defs {\n", hooks));
            Instant at = Instant.now().plusSeconds(6).truncatedTo(ChronoUnit.SECONDS);
            Files.writeString(time, DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").format(at.atZone(ZoneOffset.UTC)) + "Z\n");
            daemon.awaitLog("Scheduling reload for", WAIT);
            host.watch().awaitPresent("eth0", VIP2, WAIT);
            daemon.awaitLog("reloaded ", WAIT);
            assertThat(Instant.now()).as("not before the time in the file").isAfterOrEqualTo(at);
            assertThat(time).as("the time file, after its reload").doesNotExist();
            assertThat(Files.readString(check)).doesNotContain("priority 256");
            // the .post file is written once the reload is applied, after the VRRP thread logged it
            Path post = saved.resolve("keepwatch_vrrp." + daemon.pid() + ".2.post");
            Deadline.await(post + " written with the new VIP", WAIT, () -> contains(post, "10.77.0.101/24"));

            // data_use_instance: the state dump carries the namespace's name
            Path dump = Path.of("/tmp/keepwatch." + host.ns().name() + ".data");
            try {
                daemon.signal("USR1");
                daemon.awaitLog(dump + " written", WAIT);
                assertThat(dump).content().contains("VI_1");
            } finally {
                Files.deleteIfExists(dump);
            }
        }
    }

    private static boolean contains(Path file, String text) {
        try {
            return Files.readString(file).contains(text);
        } catch (java.io.IOException e) {
            return false;
        }
    }
}
