package io.keepwatch.dist;

import static org.assertj.core.api.Assertions.assertThat;

import io.keepwatch.testing.AddressWatch;
import io.keepwatch.testing.NamespacedProcess;
import io.keepwatch.testing.NetNs;
import io.keepwatch.testing.RequiresNetns;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two hosts in network namespaces, each running the unpacked tarball's own {@code bin/keepwatch}:
 * the master holds the VIP; SIGTERM makes it resign and the backup takes the VIP over.
 *
 * <p>The backup logs its class loading: from the SIGTERM on, while it takes over, every class must
 * come from the AOT cache. A class parsed from a jar, or generated (a record's equals, a type
 * switch, a method handle's form), costs 0.2 to 3 ms each on the failover path; a backup's first
 * takeover in production is exactly this one, cold.
 */
@RequiresNetns
class TarballFailoverIT {

    private static final String VIP = "10.79.0.100";

    @TempDir
    Path dir;

    /** The tarball's launcher as a daemon in a namespace, ended by pid. */
    static final class TarballDaemon extends NamespacedProcess {
        TarballDaemon(String namespace, Path home, Path config, Path classLog) throws IOException {
            super("keepwatch@" + namespace, namespace,
                    List.of("env", "KEEPWATCH_JAVA_OPTS=-Xlog:class+load=info:file=" + classLog + ":timenanos",
                            home.resolve("bin/keepwatch").toString(), "run", "-f", config.toString(),
                            // two daemons on one machine: each its own control socket and dumps
                            "--control-socket", config.resolveSibling(namespace + ".sock").toString(),
                            "--dump-state-file", config.resolveSibling(namespace + ".data").toString(),
                            "--dump-stats-file", config.resolveSibling(namespace + ".stats").toString()),
                    Files.createTempFile(config.getParent(), "keepwatch-", ".log"));
        }
    }

    private Path config(String host, String state, int priority) throws IOException {
        Path file = dir.resolve(host + ".conf");
        Files.writeString(file, """
                global_defs {
                    router_id dist_%s
                    vrrp_garp_master_delay 0
                }
                vrrp_instance VI_1 {
                    state %s
                    interface eth0
                    virtual_router_id 79
                    priority %d
                    advert_int 1
                    virtual_ipaddress {
                        %s/24
                    }
                }
                """.formatted(host, state, priority, VIP), StandardCharsets.UTF_8);
        return file;
    }

    /** The lines of a {@code -Xlog:class+load::timenanos} file stamped at or after {@code since}. */
    private static List<String> loadedSince(Path classLog, long since) throws IOException {
        return Files.readAllLines(classLog, StandardCharsets.UTF_8).stream()
                .filter(line -> line.startsWith("[") && line.contains("ns]"))
                .filter(line -> Long.parseLong(line.substring(1, line.indexOf("ns]"))) >= since)
                .toList();
    }

    @Test
    void theVipMovesToTheBackupWhenTheMasterStops() throws Exception {
        Path home = Dist.unpack(dir);
        InetAddress vip = InetAddress.getByName(VIP);
        try (NetNs lab = NetNs.create("dist")) {
            NetNs.Namespace a = lab.namespace("a");
            NetNs.Namespace b = lab.namespace("b");
            lab.veth(a, "eth0", b, "eth0");
            a.addAddress("eth0", "10.79.0.1/24");
            b.addAddress("eth0", "10.79.0.2/24");
            try (AddressWatch watchA = AddressWatch.open(a);
                 AddressWatch watchB = AddressWatch.open(b);
                 TarballDaemon master = new TarballDaemon(a.name(), home, config("a", "MASTER", 150),
                         dir.resolve("a-classes.log"));
                 TarballDaemon backup = new TarballDaemon(b.name(), home, config("b", "BACKUP", 100),
                         dir.resolve("b-classes.log"))) {
                watchA.awaitPresent("eth0", vip, Duration.ofSeconds(20));
                backup.awaitLog("BACKUP", Duration.ofSeconds(20));
                // start-up is over (plugins loaded from their own jars, endpoints open) before the
                // window in which every class must come from the cache
                backup.awaitLog("keepwatch running", Duration.ofSeconds(20));
                assertThat(backup.isAlive()).as(backup.log()).isTrue();

                long termAt = System.nanoTime(); // the same clock as the JVM's timenanos decoration
                master.signal("TERM");
                watchB.awaitPresent("eth0", vip, Duration.ofSeconds(10));
                watchA.awaitAbsent("eth0", vip, Duration.ofSeconds(10));
                assertThat(master.awaitExit(Duration.ofSeconds(10))).as(master.log()).isZero();
                backup.awaitLog("BACKUP -> MASTER", Duration.ofSeconds(5));

                assertThat(loadedSince(dir.resolve("b-classes.log"), termAt))
                        .as("classes the backup loaded from outside the AOT cache while it took over")
                        .allMatch(line -> line.endsWith("source: shared objects file"));
            }
        }
    }
}
