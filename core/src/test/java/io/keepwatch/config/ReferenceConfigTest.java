package io.keepwatch.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.keepwatch.config.model.GlobalDefs;
import io.keepwatch.config.model.InitialState;
import io.keepwatch.config.model.KeepalivedConfig;
import io.keepwatch.config.model.SmtpServer;
import io.keepwatch.config.model.VirtualIpAddress;
import io.keepwatch.config.model.VrrpInstanceConfig;
import io.keepwatch.vrrp.AddressFamily;
import io.keepwatch.vrrp.VrrpVersion;
import io.keepwatch.vrrp.codec.AuthType;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The article's two configurations read unchanged and mean what their comments say. */
class ReferenceConfigTest {

    static KeepalivedConfig load(String resource) throws Exception {
        Path file = Path.of(ReferenceConfigTest.class.getResource("/" + resource).toURI());
        ConfigResult result = ConfigLoader.load(file, "test");
        assertThat(result.diagnostics()).isEmpty();
        return result.config().orElseThrow();
    }

    @ParameterizedTest
    @CsvSource({"seed-master.conf, MASTER, 50", "seed-backup.conf, BACKUP, 10"})
    void readsTheArticleConfiguration(String resource, InitialState state, int priority) throws Exception {
        KeepalivedConfig config = load(resource);

        GlobalDefs g = config.global();
        assertThat(g.routerId()).contains("nginx_master");
        assertThat(g.notificationEmail()).isEmpty();
        assertThat(g.notificationEmailFrom()).contains("ravior@gitlib.com");
        assertThat(g.smtpServer()).contains(new SmtpServer("smtp.qq.com", 25));
        assertThat(g.smtpConnectTimeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(g.vrrpSkipCheckAdvAddr()).isTrue();
        assertThat(g.vrrpStrict()).as("#vrrp_strict is a comment").isFalse();
        assertThat(g.garp().interval()).isEqualTo(Duration.ZERO);
        assertThat(g.garp().gnaInterval()).isEqualTo(Duration.ZERO);

        assertThat(config.instances()).hasSize(1);
        VrrpInstanceConfig vi = config.instances().getFirst();
        assertThat(vi.name()).isEqualTo("VI_1");
        assertThat(vi.state()).isEqualTo(state);
        assertThat(vi.interfaceName()).isEqualTo("enp0s3");
        assertThat(vi.virtualRouterId()).isEqualTo(51);
        assertThat(vi.priority()).isEqualTo(priority);
        assertThat(vi.advertInterval()).isEqualTo(Duration.ofSeconds(1));
        assertThat(vi.version()).isEqualTo(VrrpVersion.V2);
        assertThat(vi.family()).isEqualTo(AddressFamily.IPV4);
        assertThat(vi.authentication().type()).isEqualTo(AuthType.PASS);
        assertThat(vi.authentication().password().reveal()).isEqualTo("1111");
        assertThat(vi.virtualIpAddresses()).containsExactly(
                VirtualIpAddress.of(InetAddress.ofLiteral("192.168.1.109"), 24));
        assertThat(vi.virtualIpAddresses().getFirst().device()).isEqualTo(Optional.empty());
        assertThat(vi.nopreempt()).isFalse();
        assertThat(vi.accept()).isTrue();
        assertThat(vi.unicastPeers()).isEqualTo(List.of());
        assertThat(config.scripts()).isEmpty();
        assertThat(config.syncGroups()).isEmpty();
    }

    @ParameterizedTest
    @CsvSource({"seed-master.conf", "seed-backup.conf"})
    void dumpNeverShowsThePassword(String resource) throws Exception {
        KeepalivedConfig config = load(resource);
        assertThat(ConfigPrinter.print(config)).doesNotContain("1111").contains("auth_pass ********");
        assertThat(config.toString()).doesNotContain("1111");
    }

    @ParameterizedTest
    @CsvSource({"seed-master.conf", "seed-backup.conf"})
    void printedReferenceReadsBackEqual(String resource) throws Exception {
        KeepalivedConfig config = load(resource);
        ConfigResult again = ConfigLoader.loadString("printed.conf", ConfigPrinter.print(config, true));
        assertThat(again.diagnostics()).isEmpty();
        assertThat(again.config()).contains(config);
    }
}
