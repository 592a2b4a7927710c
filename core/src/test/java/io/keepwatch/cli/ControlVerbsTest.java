package io.keepwatch.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.keepwatch.config.ConfigLoader;
import io.keepwatch.config.model.KeepalivedConfig;
import io.keepwatch.config.model.KeepalivedExporter;
import io.keepwatch.config.model.MetricsSettings;
import io.keepwatch.control.Observability;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ControlVerbsTest {

    @Test
    void listenAddresses() {
        assertThat(ListenAddress.parse("127.0.0.1:9650"))
                .contains(new InetSocketAddress(InetAddress.ofLiteral("127.0.0.1"), 9650));
        assertThat(ListenAddress.parse("[::1]:9100"))
                .contains(new InetSocketAddress(InetAddress.ofLiteral("::1"), 9100));
        assertThat(ListenAddress.parse("0.0.0.0:80")).hasValueSatisfying(a -> assertThat(a.getPort()).isEqualTo(80));
        assertThat(ListenAddress.parse("none")).isEmpty();
        assertThat(ListenAddress.parse("off")).isEmpty();
        assertThatThrownBy(() -> ListenAddress.parse("localhost:9650")).hasMessageContaining("'localhost' is not an IP address");
        assertThatThrownBy(() -> ListenAddress.parse("127.0.0.1:0")).hasMessageContaining("out of range");
        assertThatThrownBy(() -> ListenAddress.parse("127.0.0.1:http")).hasMessageContaining("not a number");
        assertThatThrownBy(() -> ListenAddress.parse("9650")).hasMessageContaining("ADDR:PORT or none");
    }

    @Test
    void theCommandLineWinsOverGlobalDefs() {
        KeepalivedConfig config = ConfigLoader.loadString("k.conf", """
                global_defs {
                  metrics_listen 10.1.2.3 9100
                }
                """).config().orElseThrow();
        RunCommand fromFile = new RunCommand();
        Observability.Settings settings = fromFile.settings(config);
        assertThat(settings.metricsListen()).contains(new InetSocketAddress(InetAddress.ofLiteral("10.1.2.3"), 9100));
        assertThat(settings.keepalivedCompat()).isEmpty();
        assertThat(settings.controlSocket()).contains(Path.of("/run/keepwatch/control.sock"));

        RunCommand overridden = new RunCommand();
        overridden.metricsListen = "none";
        overridden.keepalivedCompat = List.of(KeepalivedExporter.GEN2BRAIN);
        overridden.controlSocket = "none";
        Observability.Settings off = overridden.settings(config);
        assertThat(off.metricsListen()).isEmpty();
        assertThat(off.keepalivedCompat()).containsExactly(KeepalivedExporter.GEN2BRAIN);
        assertThat(off.controlSocket()).isEmpty();

        KeepalivedConfig both = ConfigLoader.loadString("k.conf", """
                global_defs {
                  metrics_keepalived_compat gen2brain mehdy
                }
                """).config().orElseThrow();
        assertThat(fromFile.settings(both).keepalivedCompat())
                .containsExactlyInAnyOrder(KeepalivedExporter.MEHDY, KeepalivedExporter.GEN2BRAIN);
        KeepalivedConfig alone = ConfigLoader.loadString("k.conf", "global_defs {\n metrics_keepalived_compat\n}\n")
                .config().orElseThrow();
        assertThat(fromFile.settings(alone).keepalivedCompat()).containsExactly(KeepalivedExporter.MEHDY);

        KeepalivedConfig plain = ConfigLoader.loadString("k.conf", "").config().orElseThrow();
        assertThat(new RunCommand().settings(plain).metricsListen()).isEqualTo(MetricsSettings.DEFAULTS.listen());
    }

    @Test
    void withoutADaemonTheVerbsSaySoAndExit3(@TempDir Path dir) {
        String socket = dir.resolve("none.sock").toString();
        for (String verb : new String[] {"status", "reload", "stop"}) {
            MainAccess.Result result = MainAccess.run(verb, "--control-socket", socket);
            assertThat(result.exitCode()).as(verb).isEqualTo(3);
            assertThat(result.err()).contains("no daemon answers on " + socket);
        }
    }

    @Test
    void runDocumentsItsOptions() {
        MainAccess.Result help = MainAccess.run("run", "--help");
        assertThat(help.out()).contains("--metrics-listen").contains("--metrics-keepalived-compat")
                .contains("--control-socket").contains("--dump-state-file").contains("/tmp/keepwatch.stats");
        assertThat(MainAccess.run("status", "--help").out()).contains("--json");
    }

    @Test
    void aBadListenAddressIsAUsageErrorBeforeAnythingStarts(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("k.conf");
        java.nio.file.Files.writeString(file, "");
        MainAccess.Result result = MainAccess.run("run", "-f", file.toString(), "--metrics-listen", "nowhere");
        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).contains("--metrics-listen nowhere: ADDR:PORT or none expected");
        MainAccess.Result exporter = MainAccess.run("run", "-f", file.toString(), "--metrics-keepalived-compat=nope");
        assertThat(exporter.exitCode()).isEqualTo(2);
        assertThat(exporter.err()).contains("'nope' is not mehdy or gen2brain");
    }
}
