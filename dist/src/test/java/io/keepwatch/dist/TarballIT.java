package io.keepwatch.dist;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.jar.JarFile;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The tarball, unpacked somewhere else than where it was built, runs on its own runtime. */
class TarballIT {

    @TempDir
    static Path dir;
    static Path home;

    @BeforeAll
    static void unpack() throws Exception {
        home = Dist.unpack(dir);
    }

    private static Dist.Result keepwatch(Map<String, String> env, String... args) throws Exception {
        List<String> command = new java.util.ArrayList<>(List.of(home.resolve("bin/keepwatch").toString()));
        command.addAll(List.of(args));
        return Dist.run(command, env);
    }

    @Test
    void checkConfigAcceptsTheExampleAndTheReferenceConfigsWithTheBundledRuntime() throws Exception {
        for (String conf : List.of("conf/keepalived.conf", "conf/reference/seed-master.conf",
                "conf/reference/seed-backup.conf")) {
            Dist.Result result = keepwatch(Map.of("KEEPWATCH_JAVA_OPTS", "-XshowSettings:properties"),
                    "check-config", "--no-interface-check", "-f", home.resolve(conf).toString());
            assertThat(result.exitCode()).as(conf + ":\n" + result.output()).isZero();
            // the JVM that ran is the one in runtime/, not the build's JDK
            assertThat(result.output()).contains("java.home = " + home.resolve("runtime").toRealPath());
        }
    }

    @Test
    void aBrokenConfigurationIsRefusedWithItsLineAndExitCode5() throws Exception {
        Path broken = dir.resolve("broken.conf");
        Files.writeString(broken, "vrrp_instance VI_1 {\n  interface eth0\n  virtual_router_id 300\n}\n",
                StandardCharsets.UTF_8);
        Dist.Result result = keepwatch(Map.of(), "check-config", "-f", broken.toString());
        assertThat(result.exitCode()).as(result.output()).isEqualTo(5);
        assertThat(result.output()).contains("broken.conf:3:");
    }

    @Test
    void theAotCacheMatchesTheRelocatedInstallation() throws Exception {
        // AOTMode=on makes the JVM refuse to start when the cache cannot be used.
        Dist.Result result = keepwatch(Map.of("KEEPWATCH_JAVA_OPTS", "-XX:AOTMode=on"),
                "check-config", "--no-interface-check", "-f", home.resolve("conf/keepalived.conf").toString());
        assertThat(result.exitCode()).as(result.output()).isZero();
    }

    @Test
    void theLauncherStartsFromASymlinkAsInstalledInPath() throws Exception {
        Path link = dir.resolve("keepwatch-link");
        Files.deleteIfExists(link);
        Files.createSymbolicLink(link, home.resolve("bin/keepwatch"));
        Dist.Result result = Dist.run(List.of(link.toString(), "--version"), Map.of("KEEPWATCH_JAVA_OPTS", "-XX:AOTMode=on"));
        assertThat(result.exitCode()).as(result.output()).isZero();
        assertThat(result.output()).isNotBlank();
    }

    @Test
    void theLauncherCalledByARelativePathFindsItsHomeAndKeepsTheCallersDirectory() throws Exception {
        // From the tarball's parent directory, as "keepwatch-x.y/bin/keepwatch": the AOT cache still
        // matches (AOTMode=on refuses to start otherwise), a relative -f is read from the caller's
        // directory, and CDPATH, which makes cd print the directory, does not reach the output.
        Path conf = dir.resolve("relative.conf");
        Files.writeString(conf, "vrrp_instance VI_1 {\n  interface eth0\n  virtual_router_id 7\n  priority 100\n"
                + "  virtual_ipaddress {\n    192.0.2.7/24\n  }\n}\n", StandardCharsets.UTF_8);
        Dist.Result result = Dist.run(
                List.of(home.getFileName() + "/bin/keepwatch", "check-config", "--no-interface-check", "-f", "relative.conf"),
                Map.of("KEEPWATCH_JAVA_OPTS", "-XX:AOTMode=on", "CDPATH", dir.toString()), dir);
        assertThat(result.exitCode()).as(result.output()).isZero();
        assertThat(result.output()).doesNotContain(home.toString());
    }

    @Test
    void theBundledPluginsLoadFromTheUnpackedTree() throws Exception {
        Dist.Result result = keepwatch(Map.of(), "plugins");
        assertThat(result.exitCode()).as(result.output()).isZero();
        assertThat(result.output()).containsPattern("check-script +\\S+ +STARTED")
                .containsPattern("check-tcp +\\S+ +STARTED").containsPattern("check-http +\\S+ +STARTED")
                .containsPattern("notify-smtp +\\S+ +STARTED").containsPattern("notify-webhook +\\S+ +STARTED");
    }

    @Test
    void theRuntimeIsMinimalAndHasWhatTheDaemonNeeds() throws Exception {
        assertThat(home.resolve("runtime/bin/javac")).doesNotExist();
        assertThat(home.resolve("runtime/include")).doesNotExist();
        assertThat(home.resolve("runtime/man")).doesNotExist();
        Dist.Result modules = Dist.run(home.resolve("runtime/bin/java").toString(), "--list-modules");
        assertThat(modules.output()).contains("jdk.unsupported@", "jdk.httpserver@", "java.base@")
                .doesNotContain("jdk.compiler@", "jdk.jshell@", "java.desktop@");
        assertThat(Files.readString(home.resolve("runtime/release"))).containsPattern("(?m)^MODULES=\".*java\\.base")
                .doesNotContain("java.desktop");
    }

    @Test
    void okHttpOkioAndKotlinAreInTheTarballOnceInLib() throws Exception {
        List<Path> jars = new java.util.ArrayList<>();
        for (String dirName : List.of("lib", "plugins")) {
            try (var files = Files.list(home.resolve(dirName))) {
                files.filter(f -> f.toString().endsWith(".jar")).sorted().forEach(jars::add);
            }
        }
        for (String type : List.of("okhttp3/OkHttpClient.class", "okio/Buffer.class", "kotlin/Unit.class")) {
            List<Path> holding = new java.util.ArrayList<>();
            for (Path jar : jars) {
                try (JarFile j = new JarFile(jar.toFile())) {
                    if (j.getEntry(type) != null) {
                        holding.add(home.relativize(jar));
                    }
                }
            }
            assertThat(holding).as(type).singleElement().asString().startsWith("lib/");
        }
    }

    @Test
    void theLayoutHasLauncherLibrariesPluginsConfigurationAndUnit() throws Exception {
        assertThat(Files.isExecutable(home.resolve("bin/keepwatch"))).isTrue();
        // lib/classpath.sh: classpath="$home/lib/keepwatch-core-....jar":"$home/lib/...", sourced by bin/keepwatch
        List<String> classPath = java.util.regex.Pattern.compile("\"\\$home/lib/([^\"]+)\"")
                .matcher(Files.readString(home.resolve("lib/classpath.sh"))).results().map(m -> m.group(1)).toList();
        assertThat(classPath).hasSizeGreaterThan(10);
        assertThat(classPath.getFirst()).startsWith("keepwatch-core-");
        for (String jar : classPath) {
            assertThat(home.resolve("lib").resolve(jar)).isRegularFile();
        }
        assertThat(home.resolve("lib/keepwatch.aot")).isRegularFile();
        assertThat(home.resolve("plugins")).isDirectory();
        assertThat(home.resolve("conf/keepalived.conf")).isRegularFile();
        assertThat(home.resolve("conf/reference/seed-master.conf")).isRegularFile();
        assertThat(home.resolve("docs/getting-started.md")).isRegularFile();
        String unit = Files.readString(home.resolve("conf/keepwatch.service"));
        assertThat(unit).contains("AmbientCapabilities=CAP_NET_ADMIN CAP_NET_RAW",
                "CapabilityBoundingSet=CAP_NET_ADMIN CAP_NET_RAW CAP_SETUID CAP_SETGID CAP_KILL",
                "Restart=on-failure",
                "ExecReload=/bin/kill -HUP $MAINPID", "Type=simple",
                "ExecStart=/usr/bin/keepwatch run -f /etc/keepwatch/keepalived.conf");
    }
}
