package io.keepwatch.check.script;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

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
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

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

    @Test
    void upOnExitZeroDownOtherwiseWithTheStatusInTheMessage() throws Exception {
        HealthCheck ok = factory.create(PluginTestKit.context(PluginTestKit.with(PluginTestKit.check("a", "type script"), "script", "/bin/true")));
        HealthCheck bad = factory.create(PluginTestKit.context(PluginTestKit.with(PluginTestKit.check("b", "type script"), "script", "/bin/sh -c 'exit 7'")));
        assertThat(ok.check(Duration.ofSeconds(5))).isEqualTo(CheckResult.up("script a exited with status 0"));
        CheckResult down = bad.check(Duration.ofSeconds(5));
        assertThat(down.up()).isFalse();
        assertThat(down.message()).isEqualTo("script b exited with status 7");
    }

    @Test
    void missingScriptNamesTheBlock() {
        assertThatThrownBy(() -> factory.create(PluginTestKit.context(PluginTestKit.check("web", "type script", "interval 1"))))
                .isInstanceOf(PluginConfigException.class)
                .hasMessage("test.conf:1: missing 'script' in vrrp_check web");
    }

    @Test
    void unknownKeywordNamesItsLine() {
        assertThatThrownBy(() -> factory.create(PluginTestKit.context(
                PluginTestKit.with(PluginTestKit.check("web", "type script", "url http://x"), "script", "/bin/true"))))
                .isInstanceOf(PluginConfigException.class)
                .hasMessage("test.conf:3: unknown keyword 'url' in vrrp_check block");
    }

    @Test
    void unterminatedQuoteIsReportedAtTheScriptLine() {
        assertThatThrownBy(() -> factory.create(PluginTestKit.context(
                PluginTestKit.with(PluginTestKit.check("web", "type script"), "script", "/bin/check 'a"))))
                .hasMessageStartingWith("test.conf:100: unterminated");
    }

    @Test
    void scriptSecurityRefusesAScriptWritableByOthersNamingTheFile() throws Exception {
        assumeTrue(isRoot(), "file ownership rule needs root-owned files");
        Path p = script("exit 0", "rwxrwxrwx");
        var globals = globals(Map.of("enable_script_security", List.of()));
        assertThatThrownBy(() -> factory.create(PluginTestKit.context(
                PluginTestKit.with(PluginTestKit.check("web", "type script"), "script", p.toString()), globals)))
                .isInstanceOf(PluginConfigException.class)
                .hasMessageContaining("test.conf:100: refusing script " + p)
                .hasMessageContaining(p.toRealPath() + " is writable by other users (mode 777)")
                .hasMessageContaining("enable_script_security");
    }

    @Test
    void scriptSecurityAcceptsARootOwnedScript() throws Exception {
        assumeTrue(isRoot(), "file ownership rule needs root-owned files");
        Path p = script("exit 0", "rwxr-xr-x");
        var globals = globals(Map.of("enable_script_security", List.of()));
        HealthCheck check = factory.create(PluginTestKit.context(PluginTestKit.with(PluginTestKit.check("web", "type script"), "script", p.toString()), globals));
        assertThat(check.check(Duration.ofSeconds(5)).up()).isTrue();
    }

    @Test
    void withoutScriptSecurityAWritableScriptStillRuns() throws Exception {
        Path p = script("exit 0", "rwxrwxrwx");
        HealthCheck check = factory.create(PluginTestKit.context(PluginTestKit.with(PluginTestKit.check("web", "type script"), "script", p.toString())));
        assertThat(check.check(Duration.ofSeconds(5)).up()).isTrue();
    }

    @Test
    void runsAsTheConfiguredUser() throws Exception {
        assumeTrue(isRoot(), "switching user needs root");
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxrwxrwx"));
        Path out = dir.resolve("who");
        HealthCheck check = factory.create(PluginTestKit.context(PluginTestKit.with(PluginTestKit.check("web", "type script", "user nobody"), "script", "/bin/sh -c 'id -un > " + out + "'")));
        assertThat(check.check(Duration.ofSeconds(10)).up()).isTrue();
        assertThat(Files.readString(out).trim()).isEqualTo("nobody");
    }

    @Test
    void globalScriptUserApplies() {
        var globals = globals(Map.of("script_user", List.of("nobody", "nogroup")));
        ScriptCheck check = (ScriptCheck) factory.create(PluginTestKit.context(
                PluginTestKit.with(PluginTestKit.check("web", "type script"), "script", "/bin/true"), globals));
        assertThat(check.runner().command()).containsSubsequence("-u", "nobody", "-g", "nogroup", "--", "/bin/true");
        assertThat(check.runner().command().getFirst()).endsWith("setsid");
    }

    @Test
    void noUserRunsAsKeepwatchItself() {
        ScriptCheck check = (ScriptCheck) factory.create(PluginTestKit.context(
                PluginTestKit.with(PluginTestKit.check("web", "type script"), "script", "/bin/true")));
        if (ScriptCheckFactory.defaultScriptUser().isEmpty()) {
            assertThat(check.runner().command()).hasSize(2).endsWith("/bin/true");
        }
    }

    private static boolean userExists(String name) {
        try {
            return Files.readAllLines(Path.of("/etc/passwd")).stream().anyMatch(l -> l.startsWith(name + ":"));
        } catch (Exception e) {
            return false;
        }
    }

    static boolean isRoot() {
        return "root".equals(System.getProperty("user.name"));
    }

    @SuppressWarnings("unused")
    private static Optional<String> none() {
        return Optional.empty();
    }
}
