package io.keepwatch.it;

import static io.keepwatch.it.UnicastOptionsTest.awaitHeard;
import static io.keepwatch.it.UnicastOptionsTest.awaitHolders;
import static io.keepwatch.it.UnicastOptionsTest.awaitRejected;
import static org.assertj.core.api.Assertions.assertThat;

import io.keepwatch.testing.Deadline;
import io.keepwatch.testing.KeepalivedProcess;
import io.keepwatch.testing.KeepwatchProcess;
import io.keepwatch.testing.RequiresNetns;
import java.net.InetAddress;
import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * {@code old_unicast_checksum} beside keepalived 2.2.7 as a VRRPv3 unicast peer: the same setting on
 * both sides agrees; the old checksum against {@code never} makes the receiver drop every advert
 * as a checksum error, whichever side receives; and keepwatch's default switches to the old
 * checksum when keepalived's arrives, so that keepalived, which expects only the old one, hears it.
 */
@RequiresNetns
class OldUnicastChecksumTest {

    private static final Duration SETTLE = Duration.ofSeconds(30);
    /** Over twice the Master_Down_Interval at advert_int 0.5. */
    private static final Duration STEADY = Duration.ofSeconds(4);

    private static InetAddress vip(int n) {
        return InetAddress.ofLiteral("10.78.0." + (100 + n));
    }

    private static VrrpConf instance(String name, int vrid, int priority, Lan.Host peer, String checksum) {
        VrrpConf conf = VrrpConf.v3(name, vrid, priority).set("advert_int", "0.5").vip(vip(vrid - 80).getHostAddress() + "/24")
                .line("unicast_peer {\n    " + peer.ip() + "\n  }");
        return checksum.isEmpty() ? conf : conf.line(checksum);
    }

    @Test
    void keepalivedAndKeepwatchAgreeOnTheChecksumAsKeepalivedDoes() throws Exception {
        if (!KeepalivedProcess.available()) {
            if ("true".equals(System.getenv("CI"))) {
                throw new AssertionError("keepalived is not installed, and CI=true forbids skipping interoperability");
            }
            Assumptions.abort("keepalived is not installed");
        }
        try (Lan lan = Lan.create("itoc", 2)) {
            Lan.Host ka = lan.host(1), kw = lan.host(2);
            String old = "old_unicast_checksum", never = "old_unicast_checksum never";
            KeepalivedProcess keepalived = lan.keepalived(ka, VrrpConf.file("ka",
                    instance("VI_O", 81, 200, kw, old),     // both old, keepalived master
                    instance("VI_P", 82, 100, kw, old),     // both old, keepwatch master
                    instance("VI_N", 83, 200, kw, old),     // old to keepwatch's never
                    instance("VI_M", 84, 100, kw, never),   // keepwatch's old to never
                    instance("VI_A", 85, 100, kw, old)));   // keepwatch's default master, keepalived old
            KeepwatchProcess keepwatch = lan.keepwatch(kw, VrrpConf.file("kw",
                    instance("VI_O", 81, 100, ka, old),
                    instance("VI_P", 82, 200, ka, old),
                    instance("VI_N", 83, 100, ka, never),
                    instance("VI_M", 84, 200, ka, old),
                    instance("VI_A", 85, 200, ka, "")));

            // the same setting: each side hears the other, one master
            awaitHeard(keepwatch, "VI_O", ka, 200);
            lan.awaitOnlyHolder(ka, vip(1), SETTLE);
            lan.awaitOnlyHolder(kw, vip(2), SETTLE);
            // old against never: the receiver drops every advert as a checksum error, two masters
            awaitHolders(lan, vip(3), Set.of(ka, kw));
            awaitRejected(keepwatch, "VI_N", "checksum");
            awaitHolders(lan, vip(4), Set.of(ka, kw));
            keepalived.awaitLog("\\(VI_M\\) Invalid VRRPv3 checksum", SETTLE);
            // the default hears keepalived's old checksum, switches, and keepalived then hears it
            keepwatch.awaitLog("\\(VI_A\\) Setting unicast VRRPv3 checksum to old version", SETTLE);
            lan.awaitOnlyHolder(kw, vip(5), SETTLE);

            Deadline steady = Deadline.after(STEADY);
            while (!steady.passed()) {
                assertThat(lan.holds(kw, vip(1))).as("keepwatch holds VI_O's address").isFalse();
                assertThat(lan.holds(ka, vip(2))).as("keepalived holds VI_P's address").isFalse();
                assertThat(lan.holds(ka, vip(5))).as("keepalived holds VI_A's address").isFalse();
                steady.pause();
            }
            assertThat(keepalived.log()).doesNotContainPattern("\\((VI_O|VI_P)\\) Invalid VRRPv3 checksum");
            assertThat(keepwatch.log()).doesNotContainPattern("\\((VI_O|VI_P|VI_N|VI_M)\\) Setting unicast");
        }
    }
}
