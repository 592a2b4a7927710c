package io.keepwatch.script;

import static org.assertj.core.api.Assertions.assertThat;

import io.keepwatch.config.ConfigLoader;
import io.keepwatch.config.model.KeepalivedConfig;
import io.keepwatch.config.model.NotifyScript;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A configuration's scripts as keepalived treats them when it reads its file: who they run as,
 * and which it disables. Scripts live in a root-owned 0755 directory; what they write goes to a
 * separate world-writable one, so that they can write as any user.
 */
class ConfiguredScriptsTest {

    private static final String ABSENT = "kw-no-such-user";

    @TempDir
    Path tmp;
    private Path bin;
    private Path out;

    @BeforeEach
    void directories() throws Exception {
        Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rwxr-xr-x"));
        bin = Files.createDirectory(tmp.resolve("bin"));
        Files.setPosixFilePermissions(bin, PosixFilePermissions.fromString("rwxr-xr-x"));
        out = Files.createDirectory(tmp.resolve("out"));
        Files.setAttribute(out, "unix:mode", 01777);
    }

    /** A script that writes its user id and group ids to out/NAME. */
    private Path idScript(String name) throws Exception {
        Path p = bin.resolve(name + ".sh");
        Files.writeString(p, "#!/bin/sh\necho \"$(id -u) $(id -G)\" > '" + out.resolve(name) + "'\n");
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
        return p;
    }

    private static KeepalivedConfig config(String text) {
        return ConfigLoader.loadString("s.conf", text, Path.of("/nonexistent"), "any").config().orElseThrow();
    }

    /** keepalived's rules, with {@code defaultUser} in place of keepalived_script. */
    private static ConfiguredScripts prepare(KeepalivedConfig config, String defaultUser) {
        return ConfiguredScripts.prepare(config, new ScriptPolicy(new ScriptUsers(config.global().scriptUser(),
                config.global().scriptGroup(), config.global().enableScriptSecurity(), defaultUser),
                Duration.ofMillis(300)));
    }

    private String instance(String globals, Path check, Path notify) {
        return """
                global_defs {
                  %s
                }
                vrrp_script chk {
                  script "%s"
                }
                vrrp_instance VI_1 {
                  interface eth0
                  virtual_router_id 1
                  track_script {
                    chk
                  }
                  notify_master "%s"
                }
                """.formatted(globals, check, notify);
    }

    @Test
    void withSecurityAndNoUserToRunAsTheScriptsAreDisabledNotRunAsRoot() throws Exception {
        KeepalivedConfig cfg = config(instance("enable_script_security", idScript("check"), idScript("notify")));
        ConfiguredScripts scripts = prepare(cfg, ABSENT);

        assertThat(scripts.vrrpScript("chk")).isEmpty();
        assertThat(scripts.runnable().script("chk")).as("no one tracks a disabled vrrp_script").isEmpty();
        assertThat(scripts.runnable().instances()).isEqualTo(cfg.instances());
        NotifyScript notify = cfg.instance("VI_1").orElseThrow().notifyScripts().master().orElseThrow();
        assertThat(scripts.notifyScript(notify)).isEmpty();
        String why = "enable_script_security is set, script_user is not and user " + ABSENT + " does not exist: it"
                + " would run as root (set script_user, or a user on the script)";
        assertThat(scripts.problems()).containsExactly(
                "vrrp_script chk disabled (whatever tracks it ignores it): " + why,
                "(VI_1) notify_master " + bin.resolve("notify.sh") + " disabled: " + why);
    }

    @Test
    void withoutSecurityTheyRunAsKeepwatchWithAWarning() throws Exception {
        KeepalivedConfig cfg = config(instance("", idScript("check"), idScript("notify")));
        ConfiguredScripts scripts = prepare(cfg, ABSENT);

        assertThat(scripts.problems()).isEmpty();
        assertThat(scripts.warnings()).containsExactly(
                "SECURITY VIOLATION: scripts run but enable_script_security is not set");
        assertThat(scripts.vrrpScript("chk").orElseThrow().run(Duration.ofSeconds(10)).success()).isTrue();
        assertThat(Files.readString(out.resolve("check")).trim()).startsWith("0 ");
    }

    @Test
    void scriptUserRunsCheckAndNotifyScriptsWithItsOwnIdsAndOnlyItsGroup() throws Exception {
        try (ThrowawayUser user = new ThrowawayUser()) {
            KeepalivedConfig cfg = config(instance("script_user " + user.name + "\n  enable_script_security",
                    idScript("check"), idScript("notify")));
            ConfiguredScripts scripts = prepare(cfg, ABSENT);
            assertThat(scripts.problems()).isEmpty();

            assertThat(scripts.vrrpScript("chk").orElseThrow().run(Duration.ofSeconds(10)).success()).isTrue();
            NotifyScript notify = cfg.instance("VI_1").orElseThrow().notifyScripts().master().orElseThrow();
            assertThat(scripts.notifyScript(notify).orElseThrow().run(Duration.ofSeconds(10)).success()).isTrue();

            String uid = UserDatabaseTest.id("-u", user.name);
            String gid = UserDatabaseTest.id("-g", user.name);
            assertThat(Files.readString(out.resolve("check")).trim()).isEqualTo(uid + " " + gid);
            assertThat(Files.readString(out.resolve("notify")).trim()).isEqualTo(uid + " " + gid);
        }
    }

    @Test
    void theUserOfAScriptOrANotifyLineOverridesScriptUser() throws Exception {
        Path check = idScript("check");
        Path notify = idScript("notify");
        KeepalivedConfig cfg = config("""
                global_defs {
                  script_user root
                }
                vrrp_script chk {
                  script "%s"
                  user nobody
                }
                vrrp_instance VI_1 {
                  interface eth0
                  virtual_router_id 1
                  track_script {
                    chk
                  }
                  notify_master "%s" nobody
                }
                """.formatted(check, notify));
        ConfiguredScripts scripts = prepare(cfg, ABSENT);
        NotifyScript line = cfg.instance("VI_1").orElseThrow().notifyScripts().master().orElseThrow();
        assertThat(scripts.vrrpScript("chk").map(PreparedScript::runAs)).contains(new RunAs("nobody", 65534, 65534));
        assertThat(scripts.notifyScript(line).map(PreparedScript::runAs)).contains(new RunAs("nobody", 65534, 65534));
    }

    @Test
    void anUnsafeScriptIsDisabledUnderSecurityWhateverRunsIt() throws Exception {
        Path check = idScript("check");
        Path notify = idScript("notify");
        Files.setPosixFilePermissions(check, PosixFilePermissions.fromString("rwxrwxrwx"));
        Files.setPosixFilePermissions(notify, PosixFilePermissions.fromString("rwxrwxrwx"));
        ConfiguredScripts scripts = prepare(config(instance("script_user root\n  enable_script_security", check,
                notify)), ABSENT);
        assertThat(scripts.problems()).hasSize(2).allSatisfy(p -> assertThat(p)
                .contains("disabled").contains("is writable by others (mode 0777)"));
        assertThat(scripts.vrrpScript("chk")).isEmpty();
    }

    @Test
    void aScriptThatDoesNotExistIsDisabledEvenWithoutSecurity() throws Exception {
        ConfiguredScripts scripts = prepare(config(instance("", bin.resolve("absent.sh"), idScript("notify"))), ABSENT);
        assertThat(scripts.problems()).containsExactly("vrrp_script chk disabled (whatever tracks it ignores it): "
                + "cannot access " + bin.resolve("absent.sh") + ": no such file");
        assertThat(scripts.vrrpScript("chk")).isEqualTo(Optional.empty());
    }
}
