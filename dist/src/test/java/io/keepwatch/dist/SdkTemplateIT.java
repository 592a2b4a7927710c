package io.keepwatch.dist;

import static org.assertj.core.api.Assertions.assertThat;

import io.keepwatch.testing.AddressWatch;
import io.keepwatch.testing.NamespacedProcess;
import io.keepwatch.testing.NetNs;
import io.keepwatch.testing.RequiresNetns;
import java.io.File;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The plugin SDK as an author gets it: the tarball's {@code sdk/template} is copied out, the SDK
 * installed with {@code sdk/install.sh} into a local repository of its own, and the template built
 * with {@code mvn package} offline (the build's own local repository is the only remote one, as a
 * read-only mirror). The jar it makes goes into a plugin directory of the tarball's daemon, in a
 * network namespace: its check, tracked with a weight, hands the VIP to the backup when its flag file
 * goes, and its notifier hears every transition of the instance, the STOP at shutdown included.
 */
@RequiresNetns
class SdkTemplateIT {

    private static final String VIP = "10.81.0.100";
    private static final Duration BUILD_TIMEOUT = Duration.ofSeconds(150);

    @TempDir
    Path dir;

    @Test
    void theTemplateBuildsAgainstThePackagedSdkAndItsPluginRunsInTheDaemon() throws Exception {
        Path home = Dist.unpack(dir);
        Path jar = buildTemplate(home.resolve("sdk"));

        Path plugins = Files.createDirectory(dir.resolve("plugins"), PosixFilePermissions.asFileAttribute(
                PosixFilePermissions.fromString("rwxr-xr-x")));
        Path installed = Files.copy(jar, plugins.resolve(jar.getFileName()));
        Files.setPosixFilePermissions(installed, PosixFilePermissions.fromString("rw-r--r--"));

        Path flag = Files.writeString(dir.resolve("in-service"), "");
        Path events = dir.resolve("events.log");
        InetAddress vip = InetAddress.getByName(VIP);
        try (NetNs lab = NetNs.create("sdk")) {
            NetNs.Namespace a = lab.namespace("a");
            NetNs.Namespace b = lab.namespace("b");
            lab.veth(a, "eth0", b, "eth0");
            a.addAddress("eth0", "10.81.0.1/24");
            b.addAddress("eth0", "10.81.0.2/24");
            try (AddressWatch watchB = AddressWatch.open(b);
                 NamespacedProcess master = daemon(a.name(), home, plugins, config("a", "MASTER", 150, """
                         vrrp_check in_service {
                             type sample
                             flag_file %s
                             interval 0.2
                             weight -60
                         }
                         vrrp_notifier journal {
                             type sample
                             file %s
                         }
                         """.formatted(flag, events), "track_script {\n        in_service\n    }"));
                 NamespacedProcess backup = daemon(b.name(), home, plugins, config("b", "BACKUP", 120, "", ""))) {
                master.awaitLog("plugin sample 2\\.3\\.4", Duration.ofSeconds(20));
                master.awaitLog("\\(VI_1\\) Entering MASTER STATE", Duration.ofSeconds(20));
                backup.awaitLog("\\(VI_1\\) Entering BACKUP STATE", Duration.ofSeconds(20));

                // The check goes down: 150 - 60 = 90 in the master's adverts, below the backup's 120.
                Files.delete(flag);
                master.awaitLog("effective priority 150 -> 90", Duration.ofSeconds(10));
                watchB.awaitPresent("eth0", vip, Duration.ofSeconds(10));
                master.awaitLog("MASTER -> BACKUP", Duration.ofSeconds(10));

                master.signal("TERM");
                assertThat(master.awaitExit(Duration.ofSeconds(15))).as(master.log()).isZero();
                // Every transition the daemon logged reached the notifier, in order, under the same names.
                List<String> heard = Files.readAllLines(events, StandardCharsets.UTF_8).stream()
                        .map(line -> String.join(" ", List.of(line.split(" ")).subList(0, 4))).toList();
                List<String> logged = new ArrayList<>();
                Matcher m = Pattern.compile("\\(VI_1\\) (?:Entering .*? - )?(\\w+) -> (\\w+): ").matcher(master.log());
                while (m.find()) {
                    logged.add("INSTANCE VI_1 " + m.group(1) + " " + m.group(2));
                }
                assertThat(heard).as(master.log()).isEqualTo(logged)
                        .endsWith("INSTANCE VI_1 MASTER BACKUP", "INSTANCE VI_1 BACKUP STOP");
            }
        }
    }

    /** Installs the SDK, builds the template copied out of it; returns the plugin jar it made. */
    private Path buildTemplate(Path sdk) throws IOException, InterruptedException {
        Path project = dir.resolve("my-plugin");
        copyTree(sdk.resolve("template"), project);
        Path repository = dir.resolve("repository");
        run(List.of("sh", sdk.resolve("install.sh").toString(), repository.toString()), sdk);

        // Offline: whatever the template needs besides the SDK (Maven's plugins, JUnit, AssertJ) comes
        // from this build's local repository, read as a file:// mirror of every remote one.
        Path settings = Files.writeString(dir.resolve("settings.xml"), """
                <settings>
                  <mirrors>
                    <mirror>
                      <id>build-repository</id>
                      <mirrorOf>*</mirrorOf>
                      <url>%s</url>
                    </mirror>
                  </mirrors>
                </settings>
                """.formatted(Path.of(property("keepwatch.dist.m2")).toUri()));
        run(List.of(property("keepwatch.dist.mvn"), "-B", "-q", "-s", settings.toString(),
                "-Dmaven.repo.local=" + repository, "package"), project);
        try (DirectoryStream<Path> jars = Files.newDirectoryStream(project.resolve("target"), "*.jar")) {
            for (Path jar : jars) {
                return jar;
            }
        }
        throw new AssertionError("mvn package made no jar in " + project.resolve("target"));
    }

    private NamespacedProcess daemon(String namespace, Path home, Path plugins, Path config) throws IOException {
        return new NamespacedProcess("keepwatch@" + namespace, namespace,
                List.of(home.resolve("bin/keepwatch").toString(), "run", "-f", config.toString(),
                        "--plugin-dir", plugins.toString(),
                        "--control-socket", config.resolveSibling(namespace + ".sock").toString(),
                        "--dump-state-file", config.resolveSibling(namespace + ".data").toString(),
                        "--dump-stats-file", config.resolveSibling(namespace + ".stats").toString()),
                Files.createTempFile(dir, "keepwatch-", ".log")) {};
    }

    private Path config(String host, String state, int priority, String blocks, String track) throws IOException {
        return Files.writeString(dir.resolve(host + ".conf"), """
                global_defs {
                    router_id sdk_%s
                    vrrp_garp_master_delay 0
                }
                %s
                vrrp_instance VI_1 {
                    state %s
                    interface eth0
                    virtual_router_id 81
                    priority %d
                    advert_int 0.5
                    %s
                    virtual_ipaddress {
                        %s/24
                    }
                }
                """.formatted(host, blocks, state, priority, track, VIP), StandardCharsets.UTF_8);
    }

    private static String property(String name) {
        String value = System.getProperty(name);
        if (value == null) {
            throw new AssertionError("system property " + name + " is not set: run through the dist module's failsafe");
        }
        return value;
    }

    /** Runs a build step with the JDK running this test; fails with its output when it fails. */
    private void run(List<String> command, Path workingDirectory) throws IOException, InterruptedException {
        Path output = Files.createTempFile(dir, "build-", ".out");
        ProcessBuilder pb = new ProcessBuilder(command).directory(workingDirectory.toFile()).redirectErrorStream(true)
                .redirectInput(new File("/dev/null")).redirectOutput(output.toFile());
        pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
        pb.environment().remove("MAVEN_OPTS");
        pb.environment().remove("MAVEN_ARGS");
        Process p = pb.start();
        if (!p.waitFor(BUILD_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
            throw new AssertionError("still running after " + BUILD_TIMEOUT + ", killed: " + command + "\n"
                    + Files.readString(output));
        }
        assertThat(p.exitValue()).as("%s in %s:%n%s", command, workingDirectory, Files.readString(output)).isZero();
    }

    private static void copyTree(Path from, Path to) throws IOException {
        List<Path> all;
        try (Stream<Path> files = Files.walk(from)) {
            all = new ArrayList<>(files.toList());
        }
        for (Path source : all) {
            Files.copy(source, to.resolve(from.relativize(source).toString()), StandardCopyOption.COPY_ATTRIBUTES);
        }
    }
}
