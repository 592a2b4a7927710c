package io.keepwatch.it;

import static org.assertj.core.api.Assertions.assertThat;

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
            host.watch().awaitPresent("eth0", VIP, Duration.ofSeconds(20));
            daemon.awaitLog("plugins: 0 loaded", Duration.ofSeconds(10));
            daemon.awaitLog("check chk is now UP", Duration.ofSeconds(10));

            Tshark capture = Tshark.capture(lan, lan.switchNs().name(), Lan.BRIDGE, "scr", Duration.ofSeconds(4));
            Files.writeString(fail, "");
            daemon.awaitLog("effective priority 150 -> 100", Duration.ofSeconds(5));
            Path pcap = capture.finish(Duration.ofSeconds(30));

            List<String> priorities = Tshark.fields(pcap, "vrrp", "vrrp.prio").stream().map(List::getFirst)
                    .distinct().toList();
            assertThat(priorities).as("advertised priorities, in order").containsExactly("150", "100");
            assertThat(daemon.isAlive()).isTrue();
        }
    }
}
