package io.keepwatch.dist;

import static org.assertj.core.api.Assertions.assertThat;

import io.keepwatch.testing.NamespacedProcess;
import io.keepwatch.testing.NetNs;
import io.keepwatch.testing.RequiresNetns;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The unpacked tarball's daemon, an address owner, logs the classes it initialises: up to its first
 * advert (the first advert action's class), the start-up rule of io.keepwatch.runtime holds. Each
 * subsystem named here costs the interpreter milliseconds at its first use, and the first advert
 * would wait for it: java.math's decimals, java.time's formatting and zone rules (whose provider search opens
 * every jar of the class path), a record's generated equals, java.nio's channels (the same search for
 * their provider, and a SecureRandom for Unix-domain sockets); and the C library calls link one call
 * stub, no more.
 */
@RequiresNetns
class TarballStartupIT {

    @TempDir
    Path dir;

    @Test
    void theFirstAdvertWaitsForNoneOfTheSubsystemsTheStartUpRuleKeepsOut() throws Exception {
        Path home = Dist.unpack(dir);
        Path config = dir.resolve("owner.conf");
        Files.writeString(config, """
                vrrp_instance VI_1 {
                    state MASTER
                    interface eth0
                    virtual_router_id 81
                    priority 255
                    advert_int 1
                    virtual_ipaddress {
                        10.81.0.100/24
                    }
                }
                """, StandardCharsets.UTF_8);
        Path classLog = dir.resolve("classes.log");
        try (NetNs lab = NetNs.create("dists")) {
            NetNs.Namespace a = lab.namespace("a");
            NetNs.Namespace b = lab.namespace("b");
            lab.veth(a, "eth0", b, "eth0");
            a.addAddress("eth0", "10.81.0.1/24");
            try (NamespacedProcess daemon = new NamespacedProcess("keepwatch@" + a.name(), a.name(),
                    List.of("env", "KEEPWATCH_JAVA_OPTS=-Xlog:class+init=info:file=" + classLog,
                            home.resolve("bin/keepwatch").toString(), "run", "-f", config.toString(),
                            "--control-socket", dir.resolve("k.sock").toString(),
                            "--dump-state-file", dir.resolve("k.data").toString(),
                            "--dump-stats-file", dir.resolve("k.stats").toString()),
                    dir.resolve("daemon.log")) {}) {
                daemon.awaitLog("Entering MASTER STATE", Duration.ofSeconds(20));
                daemon.awaitLog("keepwatch running", Duration.ofSeconds(20));
            }
        }
        List<String> lines = Files.readAllLines(classLog, StandardCharsets.UTF_8);
        int firstAdvert = indexOf(lines, "'io/keepwatch/vrrp/VrrpAction$SendAdvert'");
        assertThat(firstAdvert).as("the first advert action in the class initialisation log").isPositive();
        List<String> beforeFirstAdvert = lines.subList(0, firstAdvert);
        assertThat(beforeFirstAdvert)
                .as("classes initialised before the first advert")
                .noneMatch(line -> line.contains("'java/math/BigDecimal'"))
                .noneMatch(line -> line.contains("'java/time/format/DateTimeFormatter'"))
                .noneMatch(line -> line.contains("'java/time/zone/ZoneRulesProvider'"))
                .noneMatch(line -> line.contains("'java/lang/runtime/ObjectMethods'"))
                .noneMatch(line -> line.contains("'java/nio/channels/spi/SelectorProvider'"))
                .noneMatch(line -> line.contains("'java/security/SecureRandom'"));
        assertThat(beforeFirstAdvert.stream().filter(line -> line.contains("'jdk/internal/foreign/abi/DowncallStub")))
                .as("call stubs generated before the first advert (one per call shape)")
                .hasSize(1);
    }

    private static int indexOf(List<String> lines, String text) {
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).contains(text)) {
                return i;
            }
        }
        return -1;
    }
}
