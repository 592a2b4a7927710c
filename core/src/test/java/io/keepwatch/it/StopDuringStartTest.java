package io.keepwatch.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.keepwatch.testing.KeepwatchProcess;
import io.keepwatch.testing.RequiresNetns;
import java.net.InetAddress;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * A signal at a bad time: SIGTERM as soon as an address owner is master, while the daemon is still
 * loading its plugins and opening its endpoints. It must still resign, release the VIP and exit 0.
 */
@RequiresNetns
class StopDuringStartTest {

    static final InetAddress VIP = InetAddress.ofLiteral("10.77.0.100");

    @Test
    void sigtermDuringStartUpResignsAndExitsCleanly() throws Exception {
        try (Lan lan = Lan.create("itsds", 1)) {
            Lan.Host owner = lan.host(1);
            KeepwatchProcess daemon = lan.keepwatch(owner, VrrpConf.v3("VI_1", 51, 255).set("state", "MASTER")
                    .vip("10.77.0.100/24").file("o"));
            daemon.awaitLog("INIT -> MASTER", Lan.START_UP);
            daemon.signal("TERM");

            assertThat(daemon.awaitExit(Duration.ofSeconds(5))).as(daemon.log()).isZero();
            lan.awaitNoHolder(VIP, Duration.ofSeconds(2));
            assertThat(daemon.log()).doesNotContain("Exception");
        }
    }
}
