package io.keepwatch.script;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * keepalived's {@code enable_script_security} rules on real files: the tests run as root (as the
 * suite does), create files owned by root, and hand some to {@code nobody} or {@code nogroup}.
 */
class ScriptSecurityTest {

    private static final RunAs ROOT = new RunAs("root", 0, 0);
    private static final RunAs NOBODY = new RunAs("nobody", 65534, 65534);

    @TempDir
    Path tmp;

    /** A root-owned directory, mode 0755, under the test's temporary directory (itself 0700). */
    private Path dir;

    @BeforeEach
    void safeDirectory() throws Exception {
        dir = Files.createDirectory(tmp.resolve("scripts"));
        mode(tmp, "rwxr-xr-x");
        mode(dir, "rwxr-xr-x");
    }

    private Path script(Path where, String perms) throws Exception {
        Path p = where.resolve("check.sh");
        Files.writeString(p, "#!/bin/sh\nexit 0\n");
        mode(p, perms);
        return p;
    }

    private static void mode(Path p, String perms) throws Exception {
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString(perms));
    }

    private static void group(Path p, String group) throws Exception {
        GroupPrincipal g = p.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByGroupName(group);
        Files.getFileAttributeView(p, PosixFileAttributeView.class).setGroup(g);
    }

    private static void owner(Path p, String user) throws Exception {
        UserPrincipal u = p.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName(user);
        Files.setOwner(p, u);
    }

    @Test
    void aRootOwnedScriptInRootOwnedDirectoriesRunsAsRoot() throws Exception {
        Path p = script(dir, "rwxr-xr-x");
        ScriptSecurity.Checked checked = ScriptSecurity.check(p.toString(), ROOT, true);
        assertThat(checked.program()).isEqualTo(p.toRealPath());
        assertThat(checked.warnings()).isEmpty();
        assertThat(checked.unsafe()).isFalse();
    }

    @Test
    void aWorldWritableScriptIsRefused() throws Exception {
        Path p = script(dir, "rwxrwxrwx");
        assertThatThrownBy(() -> ScriptSecurity.check(p.toString(), ROOT, true))
                .isInstanceOf(ScriptRefused.class)
                .hasMessage("unsafe permissions: " + p.toRealPath() + " is writable by others (mode 0777)"
                        + " (enable_script_security)");
    }

    @Test
    void aScriptWritableByAGroupOtherThanRootsIsRefused() throws Exception {
        Path p = script(dir, "rwxrwxr-x");
        group(p, "nogroup");
        assertThatThrownBy(() -> ScriptSecurity.check(p.toString(), ROOT, true))
                .hasMessageContaining(p.toRealPath() + " is writable by group 65534 (mode 0775)");
    }

    @Test
    void aScriptWritableByRootsGroupIsAccepted() throws Exception {
        Path p = script(dir, "rwxrwxr-x");
        assertThat(ScriptSecurity.check(p.toString(), ROOT, true).unsafe()).isFalse();
    }

    @Test
    void aGroupWritableDirectoryAboveTheScriptIsRefused() throws Exception {
        mode(dir, "rwxrwxr-x");
        group(dir, "nogroup");
        Path p = script(dir, "rwxr-xr-x");
        assertThatThrownBy(() -> ScriptSecurity.check(p.toString(), ROOT, true))
                .hasMessageContaining(dir.toRealPath() + " is writable by group 65534 (mode 0775)");
    }

    @Test
    void aWorldWritableDirectoryIsRefusedButNotOneWithTheStickyBit() throws Exception {
        mode(dir, "rwxrwxrwx");
        Path p = script(dir, "rwxr-xr-x");
        assertThatThrownBy(() -> ScriptSecurity.check(p.toString(), ROOT, true))
                .hasMessageContaining(dir.toRealPath() + " is writable by others (mode 0777)");
        Files.setAttribute(dir, "unix:mode", 01777);
        assertThat(ScriptSecurity.check(p.toString(), ROOT, true).unsafe()).isFalse();
    }

    @Test
    void aScriptOwnedByAnotherUserIsRefused() throws Exception {
        Path p = script(dir, "rwxr-xr-x");
        owner(p, "nobody");
        assertThatThrownBy(() -> ScriptSecurity.check(p.toString(), ROOT, true))
                .hasMessageContaining(p.toRealPath() + " is owned by uid 65534, not by root");
    }

    @Test
    void withoutScriptSecurityUnsafePermissionsAreAWarning() throws Exception {
        Path p = script(dir, "rwxrwxrwx");
        ScriptSecurity.Checked checked = ScriptSecurity.check(p.toString(), ROOT, false);
        assertThat(checked.unsafe()).isTrue();
        assertThat(checked.warnings()).singleElement().asString()
                .startsWith("unsafe permissions found for script " + p.toRealPath() + ": ")
                .endsWith("(runs anyway: enable_script_security is not set)");
    }

    @Test
    void aScriptRunAsAnotherUserNeedsNoProtection() throws Exception {
        // keepalived protects only what runs with uid or gid 0: nobody could change this script
        // anyway, and it runs as nobody.
        Path p = script(dir, "rwxrwxrwx");
        assertThat(ScriptSecurity.check(p.toString(), NOBODY, true).unsafe()).isFalse();
    }

    @Test
    void aSetuidRootScriptIsProtectedWhoeverRunsIt() throws Exception {
        Path p = script(dir, "rwxr-xrwx");
        Files.setAttribute(p, "unix:mode", 04757);
        assertThatThrownBy(() -> ScriptSecurity.check(p.toString(), NOBODY, true))
                .hasMessageContaining("is writable by others (mode 4757)");
    }

    @Test
    void aMissingScriptIsRefusedWithOrWithoutSecurity() {
        Path p = dir.resolve("absent.sh");
        assertThatThrownBy(() -> ScriptSecurity.check(p.toString(), ROOT, false))
                .hasMessage("cannot access " + p + ": no such file");
    }

    @Test
    void aScriptNotExecutableForItsUserIsRefused() throws Exception {
        Path p = script(dir, "rwxr-xr--");
        assertThatThrownBy(() -> ScriptSecurity.check(p.toString(), NOBODY, false))
                .hasMessage(p.toRealPath() + " is not executable for nobody (65534:65534)");
        assertThat(ScriptSecurity.check(p.toString(), ROOT, false).program()).isEqualTo(p.toRealPath());
    }

    @Test
    void aScriptInADirectoryItsUserCannotSearchIsRefused() throws Exception {
        mode(dir, "rwx------");
        Path p = script(dir, "rwxr-xr-x");
        assertThatThrownBy(() -> ScriptSecurity.check(p.toString(), NOBODY, false))
                .hasMessage("cannot access " + p + " as nobody (65534:65534): no search permission on "
                        + dir.toRealPath());
    }

    @Test
    void aBareNameIsFoundAlongPathWithAWarning() throws Exception {
        ScriptSecurity.Checked checked = ScriptSecurity.check("true", ROOT, false);
        assertThat(checked.program().getFileName()).hasToString("true");
        assertThat(checked.program()).isAbsolute();
        assertThat(checked.warnings()).singleElement().asString()
                .startsWith("script true resolved by path search to /").endsWith("; give the full path");
    }

    @Test
    void aSymbolicLinkRunsItsTargetAndBothAreChecked() throws Exception {
        Path target = script(dir, "rwxr-xr-x");
        Path linkDir = Files.createDirectory(tmp.resolve("links"));
        mode(linkDir, "rwxrwxrwx");
        Path link = Files.createSymbolicLink(linkDir.resolve("check.sh"), target);
        // The link lives in a world-writable directory, but what runs is the resolved target.
        ScriptSecurity.Checked checked = ScriptSecurity.check(link.toString(), ROOT, true);
        assertThat(checked.program()).isEqualTo(target.toRealPath());
    }
}
