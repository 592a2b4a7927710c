package io.keepwatch.runtime.witness;

import static org.assertj.core.api.Assertions.assertThat;

import io.keepwatch.cli.PluginsCommand;
import io.keepwatch.config.ConfigLoader;
import io.keepwatch.config.ConfigResult;
import io.keepwatch.config.diagnostic.Diagnostic;
import io.keepwatch.config.model.KeepalivedConfig;
import io.keepwatch.plugin.api.GlobalSettings;
import io.keepwatch.plugins.NamedWitness;
import io.keepwatch.plugins.PluginHost;
import io.keepwatch.runtime.PluginBlocks;
import io.keepwatch.testing.witness.SocketWitnessFactory;
import io.keepwatch.testing.witness.TestWitnessPlugin;
import io.keepwatch.testing.witness.WitnessServer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Witness plugins through a real {@link PluginHost}: the test store's plugin jar is found, listed,
 * creates witnesses from vrrp_witness blocks, and the configuration check refuses an unknown type, a
 * keyword its plugin refuses, and a TTL too short to fence with.
 */
class WitnessPluginsTest {

    private PluginHost host;
    private WitnessServer server;

    @BeforeEach
    void start() throws Exception {
        Path root = Path.of("target", "witness-plugins").toAbsolutePath();
        Files.createDirectories(root);
        host = new PluginHost(List.of(TestWitnessPlugin.directory(root)), new SimpleMeterRegistry());
        host.start();
        server = WitnessServer.start();
    }

    @AfterEach
    void stop() throws Exception {
        host.close();
        server.close();
    }

    private static KeepalivedConfig config(String text) {
        ConfigResult r = ConfigLoader.loadString("w.conf", text, Path.of("/nonexistent"), "n");
        assertThat(r.errors()).isEmpty();
        return r.config().orElseThrow();
    }

    private static String instance(String use) {
        return "vrrp_instance VI_1 {\n interface eth0\n virtual_router_id 51\n " + use + "\n virtual_ipaddress {\n"
                + "  192.0.2.1/24\n }\n}\n";
    }

    @Test
    void theWitnessTypeIsListedAndCreatesWitnesses() throws Exception {
        assertThat(host.witnessFactories()).containsOnlyKeys(SocketWitnessFactory.TYPE);
        assertThat(PluginsCommand.render(host.plugins(), host.problems()))
                .contains("witness-test-store").contains(SocketWitnessFactory.TYPE);
        KeepalivedConfig c = config(server.block("main", Duration.ofSeconds(4)) + instance("witness main"));
        assertThat(PluginBlocks.check(host, c)).isEmpty();
        NamedWitness w = host.createWitness("main", c.witnesses().get("main"), GlobalSettings.of("h1"));
        assertThat(w.type()).isEqualTo(SocketWitnessFactory.TYPE);
        assertThat(w.witness().ttl()).isEqualTo(Duration.ofSeconds(4));
        var session = w.witness().open("h1");
        assertThat(session.acquire("VI_1")).isTrue();
        assertThat(w.witness().holder("VI_1")).contains("h1");
        session.close();
        assertThat(w.witness().holder("VI_1")).isEmpty();
    }

    @Test
    void badBlocksAreConfigurationErrorsAtTheirLine() {
        KeepalivedConfig c = config("vrrp_witness a {\n type nosuch\n}\nvrrp_witness b {\n type test-store\n socket /x\n"
                + " colour blue\n}\nvrrp_witness c {\n type test-store\n socket /x\n ttl 2\n}\n"
                + "vrrp_witness d {\n type test-store\n socket /x\n ttl 2\n}\n" + instance("witness c"));
        assertThat(PluginBlocks.check(host, c)).map(Diagnostic::toString).containsExactly(
                "w.conf:2: unknown witness type 'nosuch' (known: test-store)",
                "w.conf:7: unknown keyword 'colour' in a test-store witness",
                "w.conf:12: vrrp_witness c: ttl 2 s is too short for VI_1: an address fenced by a witness lives"
                        + " in the kernel for whole seconds and may be deleted up to a second late, which needs ttl 3"
                        + " or more");
    }
}
