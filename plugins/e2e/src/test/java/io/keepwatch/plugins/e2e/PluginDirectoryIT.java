package io.keepwatch.plugins.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.keepwatch.testing.AddressWatch;
import io.keepwatch.testing.KeepwatchProcess;
import io.keepwatch.testing.NetNs;
import io.keepwatch.testing.RequiresNetns;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * What a running daemon makes of its plugin directory: a third-party plugin dropped in beside the
 * bundled ones provides a check type an instance tracks; a corrupt jar is logged and left out while
 * the daemon goes on managing its VIP.
 */
@RequiresNetns
class PluginDirectoryIT {

    private static final InetAddress VIP = InetAddress.ofLiteral("10.78.0.100");
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    @Test
    void thirdPartyCheckTypeIsLoadedAndDrivesTheTrackingInstance() throws Exception {
        try (Lab lab = Lab.create("e2etp").withBundledPlugins()) {
            lab.addPlugin(Lab.sampleJar(), "keepwatch-sample-plugin.jar");
            NetNs.Namespace host = lab.loneHost();
            AddressWatch view = lab.watch(host);
            Path flag = Files.writeString(lab.dir().resolve("healthy.flag"), "");

            KeepwatchProcess d = lab.keepwatch(host, "lb1", instance("""
                    vrrp_check flag {
                      type sample
                      flag_file %s
                      interval 0.2
                      weight -60
                    }
                    """.formatted(flag), "track_script {\n    flag\n  }"));
            view.awaitPresent("eth0", VIP, TIMEOUT);
            d.awaitLog("checks \\[sample\\]", TIMEOUT);
            d.awaitLog("check flag is now UP: flag .*healthy\\.flag present", TIMEOUT);

            Files.delete(flag);
            d.awaitLog("check flag is now DOWN: flag .*healthy\\.flag missing", TIMEOUT);
            d.awaitLog("\\(VI_1\\) effective priority 150 -> 90: tracker flag down", TIMEOUT);

            Files.writeString(flag, "");
            d.awaitLog("\\(VI_1\\) effective priority 90 -> 150: tracker flag up", TIMEOUT);
            assertThat(d.log()).doesNotContain("not loaded", "not started");
        }
    }

    @Test
    void corruptJarIsLoggedAndTheDaemonRunsOn() throws Exception {
        try (Lab lab = Lab.create("e2ebad").withBundledPlugins()) {
            Path corrupt = lab.dir().resolve("corrupt.jar");
            Files.write(corrupt, "PK\u0003\u0004 this is not a zip archive".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
            Path broken = lab.addPlugin(corrupt, "keepwatch-broken-plugin.jar");
            NetNs.Namespace host = lab.loneHost();
            AddressWatch view = lab.watch(host);

            KeepwatchProcess d = lab.keepwatch(host, "lb1", instance("""
                    vrrp_check web {
                      type tcp
                      connect_ip 127.0.0.1
                      connect_port 9
                      interval 0.2
                      weight -60
                    }
                    """, "track_script {\n    web\n  }"));
            view.awaitPresent("eth0", VIP, TIMEOUT);
            d.awaitLog("plugin .*" + broken.getFileName() + ".* not loaded", TIMEOUT);
            d.awaitLog("plugins: 5 loaded", TIMEOUT);
            // The bundled plugins still work: the tcp check runs (nothing listens, so it is down).
            d.awaitLog("check web is now DOWN", TIMEOUT);
            d.awaitLog("\\(VI_1\\) effective priority 150 -> 90", TIMEOUT);
            assertThat(d.isAlive()).as(d.log()).isTrue();

            d.signal("TERM");
            assertThat(d.awaitExit(TIMEOUT)).as(d.log()).isZero();
            view.awaitAbsent("eth0", VIP, TIMEOUT);
        }
    }

    private static String instance(String checks, String tracking) {
        return """
                global_defs {
                  router_id lb1
                }
                %s
                vrrp_instance VI_1 {
                  state MASTER
                  interface eth0
                  virtual_router_id 51
                  priority 150
                  version 3
                  advert_int 0.1
                  virtual_ipaddress {
                    10.78.0.100/24
                  }
                  %s
                }
                """.formatted(checks, tracking);
    }
}
