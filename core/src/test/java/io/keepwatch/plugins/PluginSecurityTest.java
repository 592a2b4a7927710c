package io.keepwatch.plugins;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PluginSecurityTest {

    @TempDir
    Path dir;

    private final PluginSecurity security = PluginSecurity.forCurrentUser();

    private Path jar(String perms) throws Exception {
        Path p = Files.writeString(dir.resolve("p.jar"), "x");
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString(perms));
        return p;
    }

    @Test
    void ownedAndNotWritableByOthersIsAccepted() throws Exception {
        assertThat(security.refusal(jar("rw-r--r--"))).isEmpty();
    }

    @Test
    void writableByOthersIsRefusedNamingTheFile() throws Exception {
        Path p = jar("rw-rw-rw-");
        assertThat(security.refusal(p)).contains(p.toRealPath() + " is writable by other users (mode 666)");
    }

    @Test
    void groupWritableIsAcceptedOnlyWhenTheGroupIsRoot() throws Exception {
        // keepalived's rule for scripts: members of group root may change root's files anyway.
        Path p = jar("rw-rw-r--");
        Files.setAttribute(p, "unix:gid", 0);
        assertThat(security.refusal(p)).isEmpty();
        Files.setAttribute(p, "unix:gid", 4242);
        assertThat(security.refusal(p)).contains(p.toRealPath() + " is writable by group 4242 (mode 664)");
    }

    @Test
    void writableParentDirectoryIsRefused() throws Exception {
        Path sub = Files.createDirectory(dir.resolve("sub"));
        Path p = Files.writeString(sub.resolve("p.jar"), "x");
        Files.setPosixFilePermissions(sub, PosixFilePermissions.fromString("rwxrwxrwx"));
        assertThat(security.refusal(p)).contains(sub.toRealPath() + " is writable by other users (mode 777)");
    }

    @Test
    void stickyWorldWritableAncestorLikeTmpIsAccepted() throws Exception {
        // @TempDir lives under /tmp (mode 1777): accepted above the plugin.
        assertThat(security.refusal(jar("rw-r--r--"))).isEmpty();
    }

    @Test
    void fileOwnedByAnUntrustedUserIsRefused() throws Exception {
        PluginSecurity trustingNobody = new PluginSecurity(Set.of(424242));
        Path p = jar("rw-r--r--");
        assertThat(trustingNobody.refusal(p)).hasValueSatisfying(r -> assertThat(r).contains("is owned by uid"));
    }

    @Test
    void missingFileIsRefused() {
        assertThat(security.refusal(dir.resolve("absent.jar"))).hasValueSatisfying(r -> assertThat(r).startsWith("cannot check"));
    }
}
