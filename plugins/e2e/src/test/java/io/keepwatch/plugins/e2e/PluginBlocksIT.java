package io.keepwatch.plugins.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.keepwatch.cli.TopCommand;
import io.keepwatch.testing.AddressWatch;
import io.keepwatch.testing.KeepwatchProcess;
import io.keepwatch.testing.NetNs;
import io.keepwatch.testing.RequiresNetns;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * A broken plugin block in a running daemon's life: at start it is a configuration error (exit 5)
 * before any address is touched; at a reload (SIGHUP or {@code keepwatch reload}) the reload is
 * refused with the block's {@code file:line}, and the running configuration stays.
 */
@RequiresNetns
class PluginBlocksIT {

    private static final InetAddress VIP = InetAddress.ofLiteral("10.78.0.100");
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private static final String CHECK = """
            vrrp_check web {
              type tcp
              connect_ip 127.0.0.1
              connect_port 9
              interval 0.2
              weight -60
            }
            """;

    @Test
    void aBrokenPluginBlockStopsTheStartBeforeAnyAddressIsAdded() throws Exception {
        try (Lab lab = Lab.create("e2epbstart").withBundledPlugins()) {
            NetNs.Namespace host = lab.loneHost();
            AddressWatch view = lab.watch(host);
            KeepwatchProcess d = lab.keepwatch(host, "lb1", config(150, CHECK.replace("type tcp", "type tpc")));
            assertThat(d.awaitExit(TIMEOUT)).as(d.log()).isEqualTo(5);
            Path file = lab.dir().resolve("lb1.conf");
            assertThat(d.log()).contains(file + ":5: unknown check type 'tpc' (known: http, script, tcp)")
                    .contains("keepwatch: not started: " + file + " has errors (see above)")
                    .doesNotContain("VI_1");
            assertThat(view.presence(VIP)).noneMatch(AddressWatch.Presence::present);
        }
    }

    @Test
    void aReloadWithABrokenPluginBlockIsRefusedAndTheRunningConfigurationStays() throws Exception {
        try (Lab lab = Lab.create("e2epbreload").withBundledPlugins()) {
            NetNs.Namespace host = lab.loneHost();
            AddressWatch view = lab.watch(host);
            Path socket = Files.createTempDirectory(Path.of("/tmp"), "kw-pb-").resolve("control.sock");
            KeepwatchProcess d = lab.keepwatch(host, "lb1", config(150, CHECK), "--control-socket", socket.toString());
            view.awaitPresent("eth0", VIP, TIMEOUT);
            d.awaitLog("\\(VI_1\\) effective priority 150 -> 90: tracker web down", TIMEOUT);

            Path file = lab.write("lb1.conf", config(200, CHECK + """
                    vrrp_notifier pager {
                      type pager
                    }
                    """));
            String error = file + ":12: unknown notifier type 'pager' (known: smtp, webhook)";
            d.signal("HUP");
            d.awaitLog("reload refused: 1 error\\(s\\) in " + file, TIMEOUT);
            assertThat(d.log()).contains(error);

            StringWriter out = new StringWriter();
            StringWriter err = new StringWriter();
            CommandLine cli = TopCommand.commandLine();
            cli.setOut(new PrintWriter(out, true));
            cli.setErr(new PrintWriter(err, true));
            assertThat(cli.execute("reload", "--control-socket", socket.toString())).as(err.toString()).isOne();
            assertThat(err.toString().lines()).containsExactly(
                    "keepwatch: reload refused: 1 error(s) in " + file + "; the running configuration stays", error);
            assertThat(d.log()).doesNotContain("reloaded ", "150 -> 200", "90 -> 140");
            assertThat(d.isAlive()).isTrue();
            assertThat(view.removals(VIP)).isZero();

            lab.write("lb1.conf", config(200, CHECK));
            assertThat(cli.execute("reload", "--control-socket", socket.toString())).as(err.toString()).isZero();
            assertThat(out.toString()).isEqualTo("keepwatch: reloaded\n");
            d.awaitLog("reloaded " + file, TIMEOUT);
        }
    }

    private static String config(int priority, String blocks) {
        return """
                global_defs {
                  router_id lb1
                }
                %s
                vrrp_instance VI_1 {
                  state MASTER
                  interface eth0
                  virtual_router_id 51
                  priority %d
                  version 3
                  advert_int 0.1
                  virtual_ipaddress {
                    10.78.0.100/24
                  }
                  track_script {
                    web
                  }
                }
                """.formatted(blocks, priority);
    }
}
