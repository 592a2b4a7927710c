package io.keepwatch.check.script;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.keepwatch.plugin.api.CheckResult;
import io.keepwatch.plugin.api.GlobalSettings;
import io.keepwatch.plugin.api.HealthCheck;
import io.keepwatch.plugin.api.PluginConfigException;
import io.keepwatch.plugin.testkit.PluginTestKit;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The block of a {@code vrrp_check type script}, bound and run through keepwatch's script runner. */
class ScriptCheckFactoryTest {

    @TempDir
    Path dir;

    private final ScriptCheckFactory factory = new ScriptCheckFactory();

    private static GlobalSettings globals(Map<String, List<String>> other) {
        GlobalSettings g = GlobalSettings.of("r1");
        return new GlobalSettings(g.routerId(), g.notificationEmail(), g.notificationEmailFrom(), g.smtpServer(),
                g.smtpPort(), g.smtpConnectTimeout(), g.smtpHeloName(), g.smtpAlert(), g.smtpAlertOverrides(), other);
    }

    private Path script(String body, String perms) throws Exception {
        Path p = dir.resolve("check.sh");
        Files.writeString(p, "#!/bin/sh\n" + body + "\n");
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString(perms));
        return p;
    }

    private static io.keepwatch.plugin.api.ConfigNode block(String name, String script, String... lines) {
        return PluginTestKit.with(PluginTestKit.check(name, lines), "script", script);
    }

    @Test
    void upOnExitZeroDownOtherwiseWithTheStatusInTheMessage() throws Exception {
        HealthCheck ok = factory.create(Contexts.of(block("a", "/bin/true", "type script")));
        HealthCheck bad = factory.create(Contexts.of(block("b", "/bin/sh -c 'exit 7'", "type script")));
        assertThat(ok.check(Duration.ofSeconds(5))).isEqualTo(CheckResult.up("script a exited with status 0"));
        CheckResult down = bad.check(Duration.ofSeconds(5));
        assertThat(down.up()).isFalse();
        assertThat(down.message()).isEqualTo("script b exited with status 7");
    }

    @Test
    void missingScriptNamesTheBlock() {
        assertThatThrownBy(() -> factory.create(Contexts.of(PluginTestKit.check("web", "type script", "interval 1"))))
                .isInstanceOf(PluginConfigException.class)
                .hasMessage("test.conf:1: missing 'script' in vrrp_check web");
    }

    @Test
    void unknownKeywordNamesItsLine() {
        assertThatThrownBy(() -> factory.create(Contexts.of(block("web", "/bin/true", "type script", "url http://x"))))
                .isInstanceOf(PluginConfigException.class)
                .hasMessage("test.conf:3: unknown keyword 'url' in vrrp_check block");
    }

    @Test
    void unterminatedQuoteIsReportedAtTheScriptLine() {
        assertThatThrownBy(() -> factory.create(Contexts.of(block("web", "/bin/check 'a", "type script"))))
                .hasMessageStartingWith("test.conf:100: unterminated");
    }

    @Test
    void scriptSecurityRefusesAScriptWritableByOthersAtTheScriptLine() throws Exception {
        Path p = script("exit 0", "rwxrwxrwx");
        var globals = globals(Map.of("enable_script_security", List.of(), "script_user", List.of("root")));
        assertThatThrownBy(() -> factory.create(Contexts.of(block("web", p.toString(), "type script"), globals)))
                .isInstanceOf(PluginConfigException.class)
                .hasMessageStartingWith("test.conf:100: script " + p + " disabled: unsafe permissions: ")
                .hasMessageContaining(p.toRealPath() + " is writable by others (mode 0777)");
    }

    @Test
    void withoutScriptSecurityAWritableScriptStillRuns() throws Exception {
        Path p = script("exit 0", "rwxrwxrwx");
        HealthCheck check = factory.create(Contexts.of(block("web", p.toString(), "type script")));
        assertThat(check.check(Duration.ofSeconds(5)).up()).isTrue();
    }

    @Test
    void runsAsTheUserOfItsBlock() throws Exception {
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxrwxrwx"));
        Path out = dir.resolve("who");
        HealthCheck check = factory.create(Contexts.of(
                block("web", "/bin/sh -c 'id -un > " + out + "'", "type script", "user nobody")));
        assertThat(check.check(Duration.ofSeconds(10)).up()).isTrue();
        assertThat(Files.readString(out).trim()).isEqualTo("nobody");
    }

    @Test
    void anUnknownUserFailsTheBlockAtItsScriptLine() {
        assertThatThrownBy(() -> factory.create(Contexts.of(
                block("web", "/bin/true", "type script", "user no-such-user-kw"))))
                .isInstanceOf(PluginConfigException.class)
                .hasMessage("test.conf:100: script /bin/true disabled: user no-such-user-kw does not exist");
    }
}
