package io.keepwatch.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.keepwatch.testing.KeepalivedProcess;
import io.keepwatch.testing.KeepwatchProcess;
import io.keepwatch.testing.RequiresNetns;
import java.net.InetAddress;
import java.time.Duration;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * keepwatch and Debian's keepalived in one virtual router, with the same configuration text:
 * they agree on one master whichever of them it is, and each takes over when the other stops.
 * Under CI=true keepalived must be installed.
 */
@RequiresNetns
class KeepalivedInteropTest {

    /** The wire formats both must speak. */
    enum Variant {
        V2_PASS("10.77.0.100", "10.77.0.100/24", Duration.ofSeconds(1)) {
            @Override
            VrrpConf instance(int priority) {
                return VrrpConf.v2Pass("VI_1", 51, priority, "s3cret");
            }
        },
        V3_IPV4("10.77.0.100", "10.77.0.100/24", Duration.ofMillis(100)) {
            @Override
            VrrpConf instance(int priority) {
                return VrrpConf.v3("VI_1", 52, priority);
            }
        },
        V3_IPV6("fd00:77::100", "fd00:77::100/64", Duration.ofMillis(100)) {
            @Override
            VrrpConf instance(int priority) {
                return VrrpConf.v3("VI_1", 53, priority);
            }
        },
        /** keepalived's IPsec AH (protocol 51, HMAC-MD5-96), VRRPv2 only. */
        V2_AH("10.77.0.100", "10.77.0.100/24", Duration.ofSeconds(1)) {
            @Override
            VrrpConf instance(int priority) {
                return VrrpConf.v2Ah("VI_1", 54, priority, "s3cret");
            }
        };

        final InetAddress vip;
        final String cidr;
        final Duration advertInterval;

        Variant(String vip, String cidr, Duration advertInterval) {
            this.vip = InetAddress.ofLiteral(vip);
            this.cidr = cidr;
            this.advertInterval = advertInterval;
        }

        abstract VrrpConf instance(int priority);

        String config(int priority) {
            return instance(priority).vip(cidr).file("r" + priority);
        }

        /** A little over Master_Down_Interval: a backup that hears no adverts has taken over by then. */
        Duration masterDown() {
            return advertInterval.multipliedBy(4).plusMillis(300);
        }
    }

    @ParameterizedTest
    @EnumSource(Variant.class)
    void keepwatchAndKeepalivedAgreeOnTheMasterAndFailOverBothWays(Variant v) throws Exception {
        if (!KeepalivedProcess.available()) {
            if ("true".equals(System.getenv("CI"))) {
                throw new AssertionError("keepalived is not installed, and CI=true forbids skipping interoperability");
            }
            Assumptions.abort("keepalived is not installed");
        }
        try (Lan lan = Lan.create("itka" + v.ordinal(), 2)) {
            Lan.Host kw = lan.host(1), ka = lan.host(2);
            InetAddress vip = v.vip;

            // keepwatch master, keepalived backup. keepalived starts once keepwatch holds the VIP:
            // started together, both wait out their Master_Down_Interval, and when the two timers end
            // at the same moment both send a first advert with AH sequence number 1, each rejecting
            // the other's as already processed (the counter is shared by sent and received adverts,
            // as keepalived's is).
            KeepwatchProcess ours = lan.keepwatch(kw, v.config(200));
            lan.awaitOnlyHolder(kw, vip, Lan.START_UP);
            KeepalivedProcess theirs = lan.keepalived(ka, v.config(100));
            theirs.awaitLog("\\(VI_1\\) Entering BACKUP STATE", Duration.ofSeconds(10));
            long settled = System.nanoTime();
            PreemptionTest.assertHolderFor(lan, kw, vip, v.masterDown());

            // keepwatch stops: keepalived takes over at once (priority 0 advert).
            ours.signal("TERM");
            assertThat(ours.awaitExit(Duration.ofSeconds(5))).isZero();
            lan.awaitOnlyHolder(ka, vip, v.masterDown());
            theirs.awaitLog("\\(VI_1\\) Entering MASTER STATE", Duration.ofSeconds(2));

            // keepwatch returns with a lower priority: it stays backup behind keepalived.
            KeepwatchProcess backup = lan.keepwatch(kw, v.config(50));
            backup.awaitLog("INIT -> BACKUP", Lan.START_UP);
            PreemptionTest.assertHolderFor(lan, ka, vip, v.masterDown());
            assertThat(backup.log()).doesNotContain("-> MASTER");

            // keepalived stops: keepwatch takes over.
            theirs.signal("TERM");
            theirs.awaitExit(Duration.ofSeconds(10));
            lan.awaitOnlyHolder(kw, vip, v.masterDown());
            backup.awaitLog("BACKUP -> MASTER", Duration.ofSeconds(2));

            assertThat(lan.longestOverlap(vip, settled)).as("both holding the VIP").isLessThan(Duration.ofMillis(250));
            assertThat(ours.log() + backup.log()).doesNotContainPattern("(?i)reject|invalid|mismatch");
        }
    }
}
