package io.keepwatch.dist;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The .deb, unpacked by dpkg itself into a throw-away root ({@code dpkg --root DIR --unpack}: the
 * files land, the maintainer scripts are not run, the real system is not touched), and its control
 * files read with dpkg-deb.
 */
class DebPackageIT {

    @TempDir
    static Path root;
    static Path deb;

    @BeforeAll
    static void unpackIntoAThrowAwayRoot() throws Exception {
        deb = Dist.deb();
        Path admin = root.resolve("var/lib/dpkg");
        Files.createDirectories(admin.resolve("info"));
        Files.createDirectories(admin.resolve("updates"));
        Files.createFile(admin.resolve("status"));
        Dist.Result unpack = Dist.run("dpkg", "--root=" + root, "--force-not-root", "--unpack", deb.toString());
        assertThat(unpack.exitCode()).as(unpack.output()).isZero();
    }

    @Test
    void everyFileLandsWhereTheDocumentationSays() throws Exception {
        Path share = root.resolve("usr/share/keepwatch");
        assertThat(Files.isExecutable(share.resolve("runtime/bin/java"))).isTrue();
        assertThat(Files.isExecutable(share.resolve("bin/keepwatch"))).isTrue();
        assertThat(share.resolve("lib/classpath")).isRegularFile();
        assertThat(share.resolve("lib/keepwatch.aot")).isRegularFile();
        for (String jar : Files.readAllLines(share.resolve("lib/classpath"))) {
            assertThat(share.resolve("lib").resolve(jar)).isRegularFile();
        }
        assertThat(share.resolve("plugins")).isDirectory();
        for (String plugin : List.of("check-script", "check-tcp", "check-http", "notify-smtp", "notify-webhook")) {
            try (var jars = Files.newDirectoryStream(share.resolve("plugins"), "keepwatch-" + plugin + "-*.jar")) {
                assertThat(jars.iterator().hasNext()).as(plugin).isTrue();
            }
        }
        assertThat(root.resolve("etc/keepwatch/plugins")).isDirectory();
        assertThat(Files.readSymbolicLink(root.resolve("usr/bin/keepwatch")))
                .isEqualTo(Path.of("/usr/share/keepwatch/bin/keepwatch"));
        assertThat(root.resolve("lib/systemd/system/keepwatch.service")).isRegularFile();
        assertThat(root.resolve("usr/share/doc/keepwatch/operations.md")).isRegularFile();
        // a conffile waits as .dpkg-new until the package is configured
        assertThat(root.resolve("etc/keepwatch/keepalived.conf.dpkg-new")).isRegularFile();
    }

    @Test
    void theInstalledTreeRunsOnItsOwnRuntime() throws Exception {
        Path share = root.resolve("usr/share/keepwatch");
        Dist.Result result = Dist.run(List.of(share.resolve("bin/keepwatch").toString(), "check-config", "-f",
                root.resolve("etc/keepwatch/keepalived.conf.dpkg-new").toString()), Map.of("KEEPWATCH_AOT", "off"));
        assertThat(result.exitCode()).as(result.output()).isZero();
    }

    @Test
    void theConfigurationIsAConffile() throws Exception {
        Dist.Result info = Dist.run("dpkg-deb", "-I", deb.toString());
        assertThat(info.output()).contains("conffiles", "Package: keepwatch", "Architecture: amd64",
                "Depends: adduser");
        Dist.Result conffiles = Dist.run("dpkg-deb", "-I", deb.toString(), "conffiles");
        assertThat(conffiles.output().strip()).isEqualTo("/etc/keepwatch/keepalived.conf");
        Dist.Result query = Dist.run("dpkg-query", "--admindir=" + root.resolve("var/lib/dpkg"), "-W",
                "-f=${Conffiles}", "keepwatch");
        assertThat(query.output()).contains("/etc/keepwatch/keepalived.conf");
    }

    @Test
    void theMaintainerScriptsCreateTheScriptUserAndStopTheService() throws Exception {
        Path control = Files.createTempDirectory(root.getParent(), "control");
        Dist.Result extract = Dist.run("dpkg-deb", "-e", deb.toString(), control.toString());
        assertThat(extract.exitCode()).as(extract.output()).isZero();
        for (String script : List.of("postinst", "prerm", "postrm")) {
            assertThat(Files.isExecutable(control.resolve(script))).as(script).isTrue();
            Dist.Result syntax = Dist.run("sh", "-n", control.resolve(script).toString());
            assertThat(syntax.exitCode()).as(script + ": " + syntax.output()).isZero();
        }
        assertThat(Files.readString(control.resolve("postinst")))
                .contains("adduser --system", "keepwatch_script");
        assertThat(Files.readString(control.resolve("prerm")))
                .contains("[ -d /run/systemd/system ]", "systemctl stop keepwatch.service");
    }
}
