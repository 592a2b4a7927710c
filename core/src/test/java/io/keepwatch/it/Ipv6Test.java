package io.keepwatch.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.keepwatch.testing.RequiresNetns;
import java.net.InetAddress;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * VRRPv3 over IPv6 (RFC 5798 section 5.1.2): adverts from link-local sources to ff02::12, a global
 * VIP on eth0; failover on a cable cut and preemption back. DAD is off in the namespaces.
 */
@RequiresNetns
class Ipv6Test {

    static final InetAddress VIP = InetAddress.ofLiteral("fd00:77::100");

    private static String config(int priority) {
        return VrrpConf.v3("VI_6", 61, priority).vip("fd00:77::100/64").file("r" + priority);
    }

    @Test
    void ipv6FailsOverOnLinkCutAndPreemptsBack() throws Exception {
        try (Lan lan = Lan.create("itv6", 2)) {
            Lan.Host high = lan.host(1), low = lan.host(2);
            lan.keepwatch(high, config(200));
            lan.keepwatch(low, config(100));
            lan.awaitOnlyHolder(high, VIP, Lan.START_UP);
            long settled = System.nanoTime();
            lan.cut(high);
            lan.awaitOnlyHolder(low, VIP, Duration.ofSeconds(5));
            lan.restore(high);
            lan.awaitOnlyHolder(high, VIP, Duration.ofSeconds(5));
            FailoverTest.awaitStable(lan, high, VIP);
            assertThat(lan.longestOverlap(VIP, settled)).isLessThan(Duration.ofMillis(250));
        }
    }
}
