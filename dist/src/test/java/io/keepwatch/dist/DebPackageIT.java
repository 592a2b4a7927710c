package io.keepwatch.dist;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The .deb through its whole life, {@code dpkg -i}, an upgrade, {@code dpkg -r} and {@code dpkg -P},
 * for real (maintainer scripts included) in a {@link ThrowAwayRoot}: a copy-on-write view of this
 * machine, which itself is left as it was. The steps build on each other and run in order.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DebPackageIT {

    private static final String DEB = "/var/tmp/keepwatch.deb";
    private static final String CONFFILE = "/etc/keepwatch/keepalived.conf";
    private static final String ENABLED_LINK = "/etc/systemd/system/multi-user.target.wants/keepwatch.service";
    private static final String HELPER_STATE = "/var/lib/systemd/deb-systemd-helper-enabled/keepwatch.service.dsh-also";
    /** What the package puts on the host, where docs/getting-started.md says. */
    private static final List<String> INSTALLED = List.of("/usr/bin/keepwatch",
            "/usr/share/keepwatch/bin/keepwatch", "/usr/share/keepwatch/runtime/bin/java",
            "/usr/share/keepwatch/lib/classpath.sh", "/usr/share/keepwatch/lib/keepwatch.aot",
            "/usr/share/keepwatch/plugins", "/usr/share/keepwatch/sdk/install.sh",
            "/usr/share/keepwatch/sdk/template/pom.xml", CONFFILE, "/etc/keepwatch/plugins",
            "/lib/systemd/system/keepwatch.service", "/usr/share/doc/keepwatch/getting-started.md",
            "/usr/share/doc/keepwatch/examples/seed-master.conf");
    /** Runs "$@" with /run/systemd/system present and a systemctl that logs its calls and says yes. */
    private static final String WITH_PRETEND_SYSTEMD = """
            mkdir -p /run/systemd/system /run/pretend
            printf '#!/bin/sh\\necho "systemctl $*" >>/run/pretend/calls\\n' >/run/pretend/systemctl
            chmod +x /run/pretend/systemctl
            PATH=/run/pretend:$PATH "$@"
            status=$?
            cat /run/pretend/calls 2>/dev/null
            exit $status
            """;

    @TempDir
    static Path dir;
    static ThrowAwayRoot root;

    @BeforeAll
    static void aThrowAwayRootWithTheDeb() throws Exception {
        String why = ThrowAwayRoot.whyUnusable(dir);
        if (why != null) {
            Dist.cannotRun(why);
        }
        if (!hostTraces().isEmpty()) {
            Dist.cannotRun("this machine has keepwatch installed already, so the test could not tell: "
                    + hostTraces());
        }
        root = ThrowAwayRoot.create(dir);
        root.copyIn(Dist.deb(), DEB);
    }

    @AfterAll
    static void deleteTheRoot() throws Exception {
        if (root != null) {
            root.close();
        }
    }

    /** What this machine itself shows of keepwatch: files, the package, the user; empty when untouched. */
    private static List<String> hostTraces() throws Exception {
        List<String> traces = new ArrayList<>();
        for (String path : List.of("/usr/bin/keepwatch", "/usr/share/keepwatch", "/etc/keepwatch",
                "/lib/systemd/system/keepwatch.service", ENABLED_LINK, HELPER_STATE)) {
            if (Files.exists(Path.of(path), LinkOption.NOFOLLOW_LINKS)) {
                traces.add(path);
            }
        }
        if (Dist.run("dpkg-query", "-W", "keepwatch").exitCode() == 0) {
            traces.add("package keepwatch in the dpkg database");
        }
        for (String database : List.of("passwd", "group")) {
            if (Dist.run("getent", database, "keepwatch_script").exitCode() == 0) {
                traces.add("keepwatch_script in " + database);
            }
        }
        return traces;
    }

    private static Dist.Result inRoot(String script, String... args) throws Exception {
        Dist.Result result = root.run(script, args);
        assertThat(result.exitCode()).as(script + ":\n" + result.output()).isZero();
        return result;
    }

    @Test
    @Order(1)
    void dpkgInstallsItAndRunsTheMaintainerScriptsCleanly() throws Exception {
        Dist.Result install = inRoot("dpkg -i \"$1\"", DEB);
        assertThat(install.output()).contains("Setting up keepwatch")
                .doesNotContainIgnoringCase("warning").doesNotContainIgnoringCase("error");
        assertThat(inRoot("dpkg-query -W -f='${Status}' keepwatch").output()).isEqualTo("install ok installed");
        assertThat(hostTraces()).as("this machine after dpkg -i in the throw-away root").isEmpty();
    }

    @Test
    @Order(2)
    void everyFileLandsWhereTheDocumentationSaysAndTheServiceIsNotEnabled() throws Exception {
        assertThat(root.existing(INSTALLED.toArray(String[]::new))).containsExactlyElementsOf(INSTALLED);
        assertThat(inRoot("readlink /usr/bin/keepwatch").output().strip())
                .isEqualTo("/usr/share/keepwatch/bin/keepwatch");
        // the example configuration must not start advertising at the next boot
        assertThat(root.existing(ENABLED_LINK)).as("enabled by the package").isEmpty();
        assertThat(inRoot("stat -c '%a %U:%G' " + CONFFILE).output().strip()).isEqualTo("640 root:root");
        assertThat(inRoot("dpkg-query -W -f='${Depends}' keepwatch").output()).contains("adduser");
    }

    @Test
    @Order(3)
    void theInstalledCommandRunsOnTheBundledRuntimeWithItsAotCache() throws Exception {
        assertThat(inRoot("keepwatch --version").output()).startsWith("keepwatch ");
        // AOTMode=on: the JVM refuses to start if the cache does not match the installed tree
        Dist.Result check = inRoot("KEEPWATCH_JAVA_OPTS='-XX:AOTMode=on -XshowSettings:properties' "
                + "keepwatch check-config -f " + CONFFILE);
        assertThat(check.output()).contains("java.home = /usr/share/keepwatch/runtime");
        assertThat(inRoot("keepwatch plugins").output()).containsPattern("check-script +\\S+ +STARTED")
                .containsPattern("notify-webhook +\\S+ +STARTED");
    }

    @Test
    @Order(4)
    void theConfigurationIsAConffile() throws Exception {
        String conffiles = inRoot("dpkg-query -W -f='${Conffiles}' keepwatch").output().strip();
        String md5 = inRoot("md5sum " + CONFFILE).output().split(" ")[0];
        assertThat(conffiles).isEqualTo(CONFFILE + " " + md5);
    }

    @Test
    @Order(5)
    void theScriptUserIsASystemUserWithoutLoginOrHome() throws Exception {
        String[] user = inRoot("getent passwd keepwatch_script").output().strip().split(":");
        assertThat(Integer.parseInt(user[2])).as("uid").isBetween(100, 999);
        assertThat(user[5]).as("home").isEqualTo("/nonexistent");
        assertThat(user[6]).as("shell").isEqualTo("/usr/sbin/nologin");
        String[] group = inRoot("getent group keepwatch_script").output().strip().split(":");
        assertThat(group[2]).as("its own group").isEqualTo(user[3]);
        assertThat(root.existing("/nonexistent")).isEmpty();
    }

    @Test
    @Order(6)
    void anUpgradeRestartsARunningDaemonAndKeepsTheAdministratorsChoiceToEnableIt() throws Exception {
        inRoot("mkdir -p \"$(dirname " + ENABLED_LINK + ")\" && ln -s /lib/systemd/system/keepwatch.service "
                + ENABLED_LINK); // what "systemctl enable keepwatch" does
        Dist.Result upgrade = inRoot(WITH_PRETEND_SYSTEMD, "dpkg", "-i", DEB);
        assertThat(upgrade.output()).contains("systemctl daemon-reload", "systemctl restart keepwatch.service")
                .doesNotContain("systemctl stop", "systemctl enable", "systemctl disable")
                .doesNotContainIgnoringCase("warning");
        assertThat(root.existing(ENABLED_LINK)).as("still enabled").containsExactly(ENABLED_LINK);
    }

    @Test
    @Order(7)
    void removingStopsTheServiceAndKeepsTheConfigurationAndTheUser() throws Exception {
        Dist.Result remove = inRoot(WITH_PRETEND_SYSTEMD, "dpkg", "-r", "keepwatch");
        assertThat(remove.output()).contains("systemctl stop keepwatch.service", "systemctl daemon-reload");
        assertThat(inRoot("dpkg-query -W -f='${Status}' keepwatch").output()).isEqualTo("deinstall ok config-files");
        // the enabled link stays too (dangling), so that a reinstall finds the service as it was
        assertThat(root.existing(INSTALLED.toArray(String[]::new))).containsExactly(CONFFILE);
        assertThat(root.existing(ENABLED_LINK)).containsExactly(ENABLED_LINK);
        inRoot("getent passwd keepwatch_script");
    }

    @Test
    @Order(8)
    void purgingRemovesTheConfigurationTheServiceLinksAndTheUser() throws Exception {
        Dist.Result purge = inRoot("dpkg -P keepwatch");
        assertThat(purge.output()).contains("Purging configuration files for keepwatch")
                .doesNotContainIgnoringCase("warning");
        assertThat(root.run("dpkg-query -W keepwatch").exitCode()).as("known to dpkg").isNotZero();
        assertThat(root.existing("/etc/keepwatch", ENABLED_LINK, HELPER_STATE)).isEmpty();
        assertThat(root.run("getent passwd keepwatch_script").exitCode()).as("the user").isEqualTo(2);
        assertThat(root.run("getent group keepwatch_script").exitCode()).as("its group").isEqualTo(2);
    }

    @Test
    @Order(9)
    void thisMachineIsLeftAsItWas() throws Exception {
        assertThat(hostTraces()).isEmpty();
    }
}
