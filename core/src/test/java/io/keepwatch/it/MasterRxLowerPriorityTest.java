package io.keepwatch.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.keepwatch.testing.Deadline;
import io.keepwatch.testing.KeepwatchProcess;
import io.keepwatch.testing.RequiresNetns;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * notify_master_rx_lower_pri: a MASTER that hears a lower priority router's adverts (here one that
 * cannot hear the MASTER, so it stays MASTER too) runs its script, with no arguments of keepwatch's,
 * as keepalived does.
 */
@RequiresNetns
class MasterRxLowerPriorityTest {

    private static final InetAddress VIP = InetAddress.ofLiteral("10.77.0.100");
    private static final Duration WAIT = Duration.ofSeconds(20);

    @Test
    void aMasterHearingALowerPriorityRunsTheScript() throws Exception {
        try (Lan lan = Lan.create("rxlow", 2)) {
            Lan.Host high = lan.host(1), low = lan.host(2);
            Path trace = lan.dir().resolve("trace");
            Path script = lan.write("rx-lower.sh", "#!/bin/sh\necho \"$# $*\" >> '" + trace + "'\n");
            Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
            // The lower priority router hears no advert, so it stays MASTER and keeps advertising.
            low.ns().exec("nft", "add table inet rxlow");
            low.ns().exec("nft", "add chain inet rxlow in { type filter hook input priority 0 ; }");
            low.ns().exec("nft", "add rule inet rxlow in ip protocol vrrp drop");
            KeepwatchProcess master = lan.keepwatch(high, VrrpConf.v3("VI_1", 51, 200).set("state", "MASTER")
                    .vip("10.77.0.100/24").line("notify_master_rx_lower_pri \"" + script + "\"").file("high"));
            master.awaitLog("\\(VI_1\\) Entering MASTER STATE", Lan.START_UP);
            assertThat(trace).as("no lower priority advert yet").doesNotExist();

            lan.keepwatch(low, VrrpConf.v3("VI_1", 51, 100).set("state", "MASTER").vip("10.77.0.100/24").file("low"));
            Deadline.await("the script's trace", WAIT,
                    () -> Files.exists(trace) && trace.toFile().length() > 0);
            assertThat(Files.readAllLines(trace).getFirst()).as("argument count, arguments").isEqualTo("0 ");
            assertThat(lan.holds(high, VIP)).as("the higher priority stays MASTER").isTrue();
            master.signal("TERM");
            assertThat(master.awaitExit(WAIT)).isZero();
        }
    }
}
