package io.keepwatch.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.keepwatch.testing.Deadline;
import io.keepwatch.testing.KeepwatchProcess;
import io.keepwatch.testing.RequiresNetns;
import java.net.InetAddress;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * A daemon started by {@code nohup} (or any parent that leaves SIGHUP ignored) still reloads on
 * SIGHUP, as keepalived does: the JVM alone would leave the signal ignored.
 */
@RequiresNetns
class ReloadUnderNohupTest {

    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final InetAddress FIRST = InetAddress.ofLiteral("10.77.0.100");
    private static final InetAddress SECOND = InetAddress.ofLiteral("10.77.0.101");

    private static String config(InetAddress vip) {
        return VrrpConf.v3("VI_1", 71, 150).vip(vip.getHostAddress() + "/24").file("h1");
    }

    @Test
    void sighupReloadsAlthoughTheParentIgnoredIt() throws Exception {
        try (Lan lan = Lan.create("nohup", 1)) {
            Lan.Host h1 = lan.host(1);
            KeepwatchProcess kw = lan.keepwatchUnderNohup(h1, config(FIRST));
            lan.awaitOnlyHolder(h1, FIRST, Lan.START_UP);
            assertThat(kw.log()).contains("SIGHUP was ignored by the parent process; keepwatch handles it");

            lan.write(h1.name() + ".conf", config(SECOND));
            kw.signal("HUP");
            Deadline.await("the reload applied", WAIT, () -> lan.holds(h1, SECOND) && !lan.holds(h1, FIRST));
            assertThat(kw.isAlive()).isTrue();

            kw.signal("TERM");
            assertThat(kw.awaitExit(WAIT)).isZero();
            assertThat(lan.holds(h1, SECOND)).isFalse();
        }
    }
}
