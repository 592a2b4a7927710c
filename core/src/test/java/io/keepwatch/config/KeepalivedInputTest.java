package io.keepwatch.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.keepwatch.config.model.UnicastPeer;
import io.keepwatch.config.model.VrrpInstanceConfig;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Input keepalived 2.2.7 runs, which keepwatch must read the same way. */
class KeepalivedInputTest {

    private static VrrpInstanceConfig instance(String body) {
        return ModelRulesTest.instance("virtual_ipaddress { 10.0.0.1/24 }\n" + body);
    }

    @Test
    void addressesWithAPrefixOrRangeDropIt() {
        // keepalived's inet_stosockaddr cuts at the first '-' or '/'
        VrrpInstanceConfig vi = instance("unicast_src_ip 192.168.0.11/24\nmcast_src_ip 192.168.0.11-20\n"
                + "unicast_peer {\n 192.168.0.12/24\n 192.168.0.13\n}");
        assertThat(vi.unicastSrcIp()).contains(InetAddress.ofLiteral("192.168.0.11"));
        assertThat(vi.mcastSrcIp()).contains(InetAddress.ofLiteral("192.168.0.11"));
        assertThat(vi.unicastPeerAddresses())
                .containsExactly(InetAddress.ofLiteral("192.168.0.12"), InetAddress.ofLiteral("192.168.0.13"));
    }

    @Test
    void unicastPeersTakeMinAndMaxTtl() {
        VrrpInstanceConfig vi = instance("unicast_peer {\n 192.168.0.12 min_ttl 250\n 192.168.0.13 max_ttl 64 min_ttl 60\n"
                + " 192.168.0.14\n}");
        assertThat(vi.unicastPeers()).containsExactly(
                new UnicastPeer(InetAddress.ofLiteral("192.168.0.12"), 250, 255),
                new UnicastPeer(InetAddress.ofLiteral("192.168.0.13"), 60, 64),
                UnicastPeer.of(InetAddress.ofLiteral("192.168.0.14")));
    }

    @Test
    void ttlLimitsSurviveTheDump() {
        var config = ModelRulesTest.valid("vrrp_instance VI { interface eth0\n virtual_router_id 7\n"
                + "virtual_ipaddress { 10.0.0.1/24 }\nunicast_peer {\n 192.168.0.12 min_ttl 250\n}\n}");
        var again = ModelRulesTest.valid(ConfigPrinter.print(config));
        assertThat(again.instances().getFirst().unicastPeers()).isEqualTo(config.instances().getFirst().unicastPeers());
    }

    @Test
    void latin1InACommentIsReadPast(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("keepalived.conf");
        byte[] text = ("# configuration du r\u00e9seau\nvrrp_instance VI_1 { ! \u00e9t\u00e9\n interface eth0\n"
                + " virtual_router_id 51 # priorit\u00e9\n virtual_ipaddress { 10.0.0.1/24 }\n}\n")
                .getBytes(StandardCharsets.ISO_8859_1);
        Files.write(file, text);
        ConfigResult result = ConfigLoader.load(file, "node1");
        assertThat(result.diagnostics()).isEmpty();
        assertThat(result.config().map(c -> c.instances().getFirst().virtualRouterId())).isEqualTo(Optional.of(51));
    }

    @Test
    void aMissingIncludeIsAWarningAndTheRestIsRead(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("keepalived.conf");
        Files.writeString(file, "include missing.conf\nvrrp_instance VI_1 {\n interface eth0\n virtual_router_id 51\n"
                + " virtual_ipaddress { 10.0.0.1/24 }\n}\n");
        ConfigResult result = ConfigLoader.load(file, "node1");
        assertThat(result.errors()).isEmpty();
        assertThat(result.warnings()).singleElement().hasToString(
                file + ":1: warning: Config files missing 'missing.conf'.");
        assertThat(result.config()).isPresent();
    }

    @Test
    void anIncludedDirectoryIsSkippedWithAWarning(@TempDir Path dir) throws Exception {
        Files.createDirectory(dir.resolve("conf.d"));
        Path file = dir.resolve("keepalived.conf");
        Files.writeString(file, "include conf.d\n");
        ConfigResult result = ConfigLoader.load(file, "node1");
        assertThat(result.diagnostics()).singleElement()
                .hasToString(file + ":1: warning: Configuration file 'conf.d/' is a directory - skipping");
    }

    private static final String INSTANCE = "vrrp_instance VI_1 {\n interface eth0\n virtual_router_id 51\n"
            + " virtual_ipaddress { 10.0.0.1/24 }\n";

    @Test
    void smtpAlertVrrpStandsInForSmtpAlert() {
        // keepalived: an instance's smtp_alert defaults to smtp_alert_vrrp when set, else smtp_alert
        var config = ModelRulesTest.valid("global_defs {\n smtp_alert_vrrp\n smtp_alert false\n}\n" + INSTANCE + "}");
        assertThat(config.instances().getFirst().smtpAlert()).isTrue();
        config = ModelRulesTest.valid("global_defs {\n smtp_alert\n smtp_alert_vrrp off\n}\n" + INSTANCE + "}");
        assertThat(config.instances().getFirst().smtpAlert()).isFalse();
    }

    @Test
    void hostSettingsAreReadAndSurviveTheDump() {
        var config = ModelRulesTest.valid("global_defs {\n default_interface bond0\n log_unknown_vrids\n disable_local_igmp\n"
                + " dynamic_interfaces allow_if_changes\n}\n" + INSTANCE + "}");
        assertThat(config.global().host()).isEqualTo(new io.keepwatch.config.model.HostSettings("bond0", true,
                java.util.OptionalLong.empty(), true, io.keepwatch.config.model.DynamicInterfaces.ALLOW_IF_CHANGES));
        assertThat(ModelRulesTest.valid(ConfigPrinter.print(config)).global().host()).isEqualTo(config.global().host());
        assertThat(ModelRulesTest.valid(INSTANCE + "}").global().host())
                .isEqualTo(io.keepwatch.config.model.HostSettings.DEFAULTS);
    }

    @Test
    void anInstancesDebugLevelIsCheckedAsKeepalivedChecksIt() {
        assertThat(ModelRulesTest.read(INSTANCE + " debug 4\n}").diagnostics()).isEmpty();
        assertThat(ModelRulesTest.read(INSTANCE + " debug 5\n}").errors()).extracting(Object::toString)
                .singleElement().asString().contains("debug");
    }
}
