package io.keepwatch.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.keepwatch.testing.Deadline;
import io.keepwatch.testing.KeepwatchProcess;
import io.keepwatch.testing.NetNs;
import io.keepwatch.testing.RequiresNetns;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * promote_secondaries: net.ipv4.conf.eth0.promote_secondaries is 1 while an instance on eth0 asks
 * for it, back to 0 after a reload that drops the keyword and after the stop; an interface where it
 * was 1 already keeps it.
 */
@RequiresNetns
class PromoteSecondariesTest {

    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final String SYSCTL = "/proc/sys/net/ipv4/conf/eth0/promote_secondaries";

    private static String config(boolean promote) {
        VrrpConf instance = VrrpConf.v3("VI_1", 42, 200).vip("10.77.0.100/24");
        if (promote) {
            instance.line("promote_secondaries");
        }
        return instance.file("r1");
    }

    private static String value(NetNs.Namespace ns) {
        return ns.exec("cat", SYSCTL).trim();
    }

    private static void awaitValue(NetNs.Namespace ns, String expected, String why) throws InterruptedException {
        Deadline.await(why, WAIT, () -> value(ns).equals(expected));
    }

    @Test
    void setWhileAskedForAndPutBackByReloadAndStop() throws Exception {
        try (Lan lan = Lan.create("promo", 1)) {
            Lan.Host h1 = lan.host(1);
            NetNs.Namespace ns = h1.ns();
            assertThat(value(ns)).isEqualTo("0");
            KeepwatchProcess kw = lan.keepwatch(h1, config(true));
            kw.awaitLog("BACKUP -> MASTER", Lan.START_UP);
            assertThat(value(ns)).isEqualTo("1");

            lan.write(h1.name() + ".conf", config(false));
            kw.signal("HUP");
            awaitValue(ns, "0", "promote_secondaries put back by the reload");
            lan.write(h1.name() + ".conf", config(true));
            kw.signal("HUP");
            awaitValue(ns, "1", "promote_secondaries set by the reload");

            kw.signal("TERM");
            assertThat(kw.awaitExit(WAIT)).isZero();
            assertThat(value(ns)).as("put back at the stop").isEqualTo("0");

            // already 1: left as it is, at the stop too
            ns.exec("sh", "-c", "echo 1 > " + SYSCTL);
            KeepwatchProcess again = lan.keepwatch(h1, config(true));
            again.awaitLog("BACKUP -> MASTER", Lan.START_UP);
            again.signal("TERM");
            assertThat(again.awaitExit(WAIT)).isZero();
            assertThat(value(ns)).isEqualTo("1");
        }
    }
}
