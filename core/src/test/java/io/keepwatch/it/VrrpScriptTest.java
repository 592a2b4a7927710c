package io.keepwatch.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.keepwatch.linux.UserDatabase;
import io.keepwatch.script.ScriptUsers;
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
 * {@code vrrp_script} is keepalived's, so it runs in keepwatch's core: with an empty plugin
 * directory (no script plugin anywhere), a failing script still lowers the priority the master
 * advertises by its weight, as tshark reads it off the wire.
 */
@RequiresNetns
class VrrpScriptTest {

    static final InetAddress VIP = InetAddress.ofLiteral("10.77.0.100");

    @Test
    void aFailingVrrpScriptLowersTheAdvertisedPriorityWithNoPluginLoaded() throws Exception {
        Tshark.require();
        try (Lan lan = Lan.create("itscr", 1)) {
            Lan.Host host = lan.host(1);
            Path plugins = Files.createDirectory(lan.dir().resolve("no-plugins"));
            Path fail = lan.dir().resolve("fail");
            Path check = lan.write("check.sh", "#!/bin/sh\n[ ! -e '" + fail + "' ]\n");
            Files.setPosixFilePermissions(check, PosixFilePermissions.fromString("rwxr-xr-x"));
            String config = VrrpConf.file("scr", VrrpConf.v3("VI_1", 51, 150).set("state", "MASTER")
                    .vip("10.77.0.100/24").line("track_script {\n    chk\n  }"))
                    + "vrrp_script chk {\n  script \"" + check + "\"\n  interval 1\n  weight -50\n}\n";
            KeepwatchProcess daemon = lan.keepwatch(host, config.replace("global_defs {\n",
                    "global_defs {\n  plugin_dir " + plugins + "\n"));
            host.watch().awaitPresent("eth0", VIP, Lan.START_UP);
            daemon.awaitLog("plugins: not loaded, the configuration needs none", Duration.ofSeconds(10));
            daemon.awaitLog("check chk is now UP", Duration.ofSeconds(10));

            Tshark capture = Tshark.capture(lan, lan.switchNs().name(), Lan.BRIDGE, "scr");
            // The script may run (and fail) before the next advert: only once an advert at 150 is
            // on the capture does the failure have something to be seen against.
            capture.awaitCaptured("vrrp.prio == 150", Duration.ofSeconds(10));
            Files.writeString(fail, "");
            daemon.awaitLog("effective priority 150 -> 100", Duration.ofSeconds(5));
            capture.awaitCaptured("vrrp.prio == 100", Duration.ofSeconds(10));
            Path pcap = capture.stop(Duration.ofSeconds(30));

            List<String> priorities = Tshark.fields(pcap, "vrrp", "vrrp.prio").stream().map(List::getFirst)
                    .distinct().toList();
            assertThat(priorities).as("advertised priorities, in order").containsExactly("150", "100");
            assertThat(daemon.isAlive()).isTrue();
        }
    }

    @Test
    void withScriptSecurityAndNoUserToRunAsScriptsAreDisabledNotRunAsRoot() throws Exception {
        assertThat(UserDatabase.user(ScriptUsers.DEFAULT_USER)).as("this test needs a host without "
                + ScriptUsers.DEFAULT_USER + ", as keepalived's package leaves it").isEmpty();
        try (Lan lan = Lan.create("itsec", 1)) {
            Lan.Host host = lan.host(1);
            Path ran = lan.dir().resolve("ran");
            // Would fail (and lower the priority) and leave a trace, if it ran at all.
            Path check = lan.write("check.sh", "#!/bin/sh\ntouch '" + ran + "'\nexit 1\n");
            Path notify = lan.write("notify.sh", "#!/bin/sh\ntouch '" + ran + "'\n");
            for (Path p : List.of(check, notify)) {
                Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
            }
            String config = VrrpConf.file("sec", VrrpConf.v3("VI_1", 51, 150).set("state", "MASTER")
                    .vip("10.77.0.100/24").line("track_script {\n    chk\n  }")
                    .line("notify_master \"" + notify + "\""))
                    + "vrrp_script chk {\n  script \"" + check + "\"\n  interval 1\n  weight -50\n}\n";
            KeepwatchProcess daemon = lan.keepwatch(host, config.replace("global_defs {\n",
                    "global_defs {\n  enable_script_security\n"));
            daemon.awaitLog("vrrp_script chk disabled \\(whatever tracks it ignores it\\): enable_script_security is set,"
                    + " script_user is not and user keepalived_script does not exist", Duration.ofSeconds(10));
            daemon.awaitLog("\\(VI_1\\) notify_master " + notify + " disabled", Duration.ofSeconds(10));
            host.watch().awaitPresent("eth0", VIP, Lan.START_UP);
            daemon.awaitLog("plugins: ", Duration.ofSeconds(10));
            daemon.signal("TERM");
            assertThat(daemon.awaitExit(Duration.ofSeconds(10))).isZero();
            assertThat(ran).as("a script that ran as root").doesNotExist();
            assertThat(daemon.log()).doesNotContain("effective priority 150 -> 100");
        }
    }
}
