package io.keepwatch.config;

import io.keepwatch.config.diagnostic.Diagnostic;
import static org.assertj.core.api.Assertions.assertThat;

import io.keepwatch.config.model.InitialState;
import io.keepwatch.config.model.KeepalivedConfig;
import io.keepwatch.config.model.NotifyScript;
import io.keepwatch.config.model.ScriptCommand;
import io.keepwatch.config.model.TrackedInterface;
import io.keepwatch.config.model.TrackedScript;
import io.keepwatch.config.model.VirtualIpAddress;
import io.keepwatch.config.model.VrrpInstanceConfig;
import io.keepwatch.config.model.VrrpScriptConfig;
import io.keepwatch.plugin.api.ConfigNode;
import io.keepwatch.vrrp.AddressFamily;
import io.keepwatch.vrrp.VrrpVersion;
import io.keepwatch.vrrp.codec.AuthType;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

/** Defaults and keepalived's completion rules, on small configurations. */
class ModelRulesTest {

    static ConfigResult read(String text) {
        return ConfigLoader.loadString("m.conf", text, Path.of("/nonexistent"), "node1");
    }

    static KeepalivedConfig valid(String text) {
        ConfigResult r = read(text);
        assertThat(r.errors()).isEmpty();
        return r.config().orElseThrow();
    }

    static VrrpInstanceConfig instance(String body) {
        return valid("vrrp_instance VI { interface eth0\n virtual_router_id 7\n" + body + "\n}").instances().getFirst();
    }

    @Test
    void masterWithoutPriorityIsTheOwner() {
        // keepalived vrrp_complete_instance: an unset priority is 255 for state MASTER, else 100
        assertThat(instance("state MASTER").priority()).isEqualTo(255);
        assertThat(instance("state BACKUP").priority()).isEqualTo(100);
        assertThat(instance("").priority()).isEqualTo(100);
        assertThat(instance("").state()).isEqualTo(InitialState.BACKUP);
        assertThat(instance("priority 255").state()).isEqualTo(InitialState.MASTER);
    }

    @Test
    void defaults() {
        VrrpInstanceConfig vi = instance("");
        assertThat(vi.advertInterval()).isEqualTo(Duration.ofSeconds(1));
        assertThat(vi.version()).isEqualTo(VrrpVersion.V2);
        assertThat(vi.family()).isEqualTo(AddressFamily.IPV4);
        assertThat(vi.authentication().type()).isEqualTo(AuthType.NONE);
        assertThat(vi.garp().masterDelay()).isEqualTo(Duration.ofSeconds(5));
        assertThat(vi.garp().masterRepeat()).isEqualTo(5);
        assertThat(vi.accept()).isTrue();
        assertThat(vi.downTimerAdverts()).isEqualTo(3);
    }

    @Test
    void ipv6AddressesMakeAVersion3Instance() {
        VrrpInstanceConfig vi = instance("virtual_ipaddress { fe80::1/64\n 2001:db8::5 }");
        assertThat(vi.version()).isEqualTo(VrrpVersion.V3);
        assertThat(vi.family()).isEqualTo(AddressFamily.IPV6);
        assertThat(vi.virtualIpAddresses().get(1).prefixLength()).isEqualTo(128);
    }

    @Test
    void fullVirtualAddressSyntax() {
        VrrpInstanceConfig vi = instance("virtual_ipaddress {\n 10.1.2.3/16 brd 10.1.255.255 dev eth1 scope link label eth1:vip no_track\n 10.9.9.9 }");
        assertThat(vi.virtualIpAddresses()).containsExactly(
                new VirtualIpAddress(InetAddress.ofLiteral("10.1.2.3"), 16, Optional.of(InetAddress.ofLiteral("10.1.255.255")),
                        Optional.of("eth1"), Optional.of("link"), Optional.of("eth1:vip"), true,
                        io.keepwatch.config.model.AddressOptions.NONE),
                VirtualIpAddress.of(InetAddress.ofLiteral("10.9.9.9"), 32));
    }

    @Test
    void strictModeDefaultsAcceptToOffExceptForTheOwner() {
        KeepalivedConfig c = valid("global_defs { vrrp_strict }\nvrrp_instance A { interface e\n virtual_router_id 1 }\n"
                + "vrrp_instance B { interface e\n virtual_router_id 2\n state MASTER\n priority 255 }");
        assertThat(c.instances()).extracting(VrrpInstanceConfig::accept).containsExactly(false, true);
    }

    @Test
    void instanceGarpSettingsOverrideTheGlobalOnes() {
        KeepalivedConfig c = valid("global_defs { vrrp_garp_master_repeat 2\n vrrp_garp_interval 0.001 }\n"
                + "vrrp_instance A { interface e\n virtual_router_id 1\n garp_master_delay 1 }");
        VrrpInstanceConfig vi = c.instances().getFirst();
        assertThat(vi.garp().masterRepeat()).isEqualTo(2);
        assertThat(vi.garp().masterDelay()).isEqualTo(Duration.ofSeconds(1));
        assertThat(vi.garp().interval()).isEqualTo(Duration.ofNanos(1_000_000));
    }

    @Test
    void scriptsChecksAndNotifiers() {
        KeepalivedConfig c = valid("""
                global_defs { plugin_dir /usr/lib /etc }
                vrrp_script chk_nginx {
                  script "/usr/bin/pgrep -f 'nginx: master'"
                  interval 2
                  weight -20 reverse
                  fall 3
                  user nobody nogroup
                }
                vrrp_check web {
                  type http
                  url http://127.0.0.1/health
                  expect { status 200 }
                  interval 1
                  fall 3
                  rise 2
                  weight -30
                }
                vrrp_notifier hook { type webhook
                  url "https://example.invalid/hook?a=1#x" }
                vrrp_instance VI {
                  interface eth0
                  virtual_router_id 9
                  track_script {
                    chk_nginx
                    web weight -10 reverse
                  }
                  track_interface { eth1 weight 5
                    eth2 }
                  notify_master "/etc/kw/notify.sh master 'a b'" root wheel
                  notify /etc/kw/all.sh
                }
                """);
        assertThat(c.global().pluginDirs()).containsExactly(Path.of("/usr/lib"), Path.of("/etc"));
        VrrpScriptConfig s = c.scripts().getFirst();
        assertThat(s.script().argv()).containsExactly("/usr/bin/pgrep", "-f", "nginx: master");
        assertThat(s.interval()).isEqualTo(Duration.ofSeconds(2));
        assertThat(s.timeout()).isEqualTo(Duration.ofSeconds(2));
        assertThat(s.weight()).isEqualTo(-20);
        assertThat(s.weightReverse()).isTrue();
        assertThat(s.rise()).isEqualTo(1);
        assertThat(s.fall()).isEqualTo(3);
        assertThat(s.user()).contains("nobody");
        assertThat(s.group()).contains("nogroup");

        ConfigNode web = c.checks().get("web");
        assertThat(web.value("type")).contains("http");
        assertThat(web.child("expect").orElseThrow().value("status")).contains("200");
        assertThat(web.position().line()).isEqualTo(9);
        assertThat(c.checkTracking().get("web")).isEqualTo(new io.keepwatch.config.model.CheckTracking(
                Duration.ofSeconds(1), Duration.ofSeconds(1), -30, false, 2, 3, false));
        assertThat(c.notifiers().get("hook").value("url")).contains("https://example.invalid/hook?a=1#x");

        VrrpInstanceConfig vi = c.instances().getFirst();
        assertThat(vi.trackScripts()).containsExactly(new TrackedScript("chk_nginx", OptionalInt.empty(), false),
                new TrackedScript("web", OptionalInt.of(-10), true));
        assertThat(vi.trackInterfaces()).containsExactly(new TrackedInterface("eth1", 5, false),
                new TrackedInterface("eth2", 0, false));
        assertThat(vi.notifyScripts().master()).contains(new NotifyScript(
                new ScriptCommand(List.of("/etc/kw/notify.sh", "master", "a b")), Optional.of("root"), Optional.of("wheel")));
        assertThat(vi.notifyScripts().any().orElseThrow().command().argv()).containsExactly("/etc/kw/all.sh");
    }

    @Test
    void scriptLinesSplitLikeKeepalived() {
        KeepalivedConfig c = valid("vrrp_script a { script /bin/check 'two words' x }\n"
                + "vrrp_script b { script \"/bin/check 'two words' x\" }");
        assertThat(c.scripts()).extracting(s -> s.script().argv())
                .containsExactly(List.of("/bin/check", "two words", "x"), List.of("/bin/check", "two words", "x"));
    }

    @Test
    void authPassIsCutToEightBytesAndNeverShown() {
        ConfigResult r = read("vrrp_instance VI { interface e\n virtual_router_id 1\n"
                + " authentication { auth_type AH\n auth_pass \"pässwörter\" } }");
        VrrpInstanceConfig vi = r.config().orElseThrow().instances().getFirst();
        assertThat(vi.authentication().type()).isEqualTo(AuthType.AH);
        assertThat(vi.authentication().password().reveal()).isEqualTo("pässwö"); // 8 bytes of UTF-8
        assertThat(vi.toString()).doesNotContain("pä").contains("********");
        assertThat(r.warnings()).extracting(Diagnostic::toString)
                .containsExactly("m.conf:4: warning: auth_pass is longer than 8 bytes; cut to 8");
    }

    @Test
    void errorsAndWarningsAreAllCollected() {
        ConfigResult r = read("bogus_block { }\nvrrp_instance A { interface e\n virtual_router_id 0\n priority 0\n"
                + " frobnicate\n virtual_ipaddress { 1.2.3 }\n}\n}");
        assertThat(r.config()).isEmpty();
        assertThat(r.diagnostics()).extracting(Diagnostic::toString).containsExactlyInAnyOrder(
                "m.conf:8: '}' without a matching '{'",
                "m.conf:1: warning: unknown keyword 'bogus_block'; ignored",
                "m.conf:3: virtual_router_id 0 is out of range 1..255",
                "m.conf:4: priority 0 is out of range 1..255",
                "m.conf:5: warning: unknown keyword 'frobnicate' in vrrp_instance A; ignored",
                "m.conf:6: '1.2.3' is not an IP address");
    }

    @Test
    void sameVrridOnOtherInterfaceOrFamilyIsFine() {
        KeepalivedConfig c = valid("vrrp_instance A { interface e0\n virtual_router_id 1 }\n"
                + "vrrp_instance B { interface e1\n virtual_router_id 1 }\n"
                + "vrrp_instance C { interface e0\n virtual_router_id 1\n virtual_ipaddress { fe80::1 } }");
        assertThat(c.instances()).hasSize(3);
    }

    @Test
    void syncGroups() {
        KeepalivedConfig c = valid("vrrp_instance A { interface e0\n virtual_router_id 1 }\n"
                + "vrrp_instance B { interface e0\n virtual_router_id 2 }\n"
                + "vrrp_sync_group G { group { A B }\n notify_fault /bin/f\n smtp_alert }");
        assertThat(c.syncGroups().getFirst().instances()).containsExactly("A", "B");
        assertThat(c.syncGroups().getFirst().smtpAlert()).isTrue();
        assertThat(c.syncGroups().getFirst().notifyScripts().fault()).isPresent();
    }

    @Test
    void pluginGlobalsAreKeptInFileOrderWithoutWarnings() {
        ConfigResult r = read("global_defs {\n smtp_username alerts\n smtp_starttls\n smtp_password \"a b\"\n"
                + " smtp_tls_verify off\n smtp_retries 3\n no_email_faults\n smtp_ssl off\n}");

        assertThat(r.diagnostics()).isEmpty();
        assertThat(r.config().orElseThrow().global().pluginGlobals()).containsExactly(
                java.util.Map.entry("smtp_username", List.of("alerts")),
                java.util.Map.entry("smtp_starttls", List.of()),
                java.util.Map.entry("smtp_password", List.of("a b")),
                java.util.Map.entry("smtp_tls_verify", List.of("off")),
                java.util.Map.entry("smtp_retries", List.of("3")),
                java.util.Map.entry("no_email_faults", List.of()));
    }

    @Test
    void smtpPasswordIsMaskedInDumps() {
        KeepalivedConfig c = valid("global_defs {\n smtp_username alerts\n smtp_password hunter2\n}");

        assertThat(ConfigPrinter.print(c)).contains("smtp_username alerts", "smtp_password ********")
                .doesNotContain("hunter2");
        assertThat(ConfigPrinter.print(c, true)).contains("smtp_password hunter2");
        assertThat(c.toString()).contains("smtp_username=[alerts]").doesNotContain("hunter2");
    }

    @Test
    void badPluginGlobalsAreErrorsWithTheirLine() {
        ConfigResult r = read("global_defs {\n smtp_retries many\n smtp_tls_verify maybe\n smtp_username\n"
                + " smtp_password a b\n smtp_ssl sometimes\n}");

        assertThat(r.diagnostics()).extracting(Object::toString).containsExactly(
                "m.conf:2: smtp_retries 'many' is not a number",
                "m.conf:3: smtp_tls_verify 'maybe' is not one of true, false, yes, no, on, off",
                "m.conf:4: smtp_username needs a value",
                "m.conf:5: smtp_password takes one value, got 2",
                "m.conf:6: smtp_ssl 'sometimes' is not one of true, false, yes, no, on, off");
    }
}
