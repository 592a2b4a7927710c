package io.keepwatch.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.keepwatch.testing.KeepalivedProcess;
import io.keepwatch.testing.KeepwatchProcess;
import io.keepwatch.testing.RequiresNetns;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * keepwatch and keepalived 2.4 in one virtual router signing their adverts with {@code auth_hmac}:
 * each accepts the other's trailers (the one with the lower priority stays backup) and takes over
 * when the other stops. Debian ships no keepalived 2.4, so this runs only where
 * {@code KEEPALIVED_24} names a keepalived 2.4.3 binary (bench/keepalived-2.4/build builds one).
 */
@RequiresNetns
class AuthHmacInteropTest {
    private static final String KEY = "hex:" + "5a".repeat(16) + "0123456789abcdef".repeat(2);
    private static final String KEY_2 = "another-test-key-of-at-least-32-octets";

    enum Variant {
        V2_IPV4_ENFORCE("10.78.0.100", "10.78.0.100/24", Duration.ofSeconds(1)) {
            @Override
            VrrpConf instance(int priority) {
                return VrrpConf.v3("VI_1", 61, priority).set("version", "2").set("advert_int", "1")
                        .line(block("enforce", "time", 1));
            }
        },
        V3_IPV4_PERMISSIVE_MONOTONIC("10.78.0.100", "10.78.0.100/24", Duration.ofMillis(100)) {
            @Override
            VrrpConf instance(int priority) {
                return VrrpConf.v3("VI_1", 62, priority).line(block("permissive", "monotonic", 2));
            }
        },
        V3_IPV6_ENFORCE("fd00:78::100", "fd00:78::100/64", Duration.ofMillis(100)) {
            @Override
            VrrpConf instance(int priority) {
                return VrrpConf.v3("VI_1", 63, priority).line(block("enforce", "time", 2));
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

        /** Longer than Master_Down_Interval: a backup that rejected the master's adverts would have taken over. */
        Duration masterDown() {
            return advertInterval.multipliedBy(4).plusMillis(500);
        }

        static String block(String mode, String antiReplay, int activeKey) {
            return "auth_hmac {\n    key 1 " + KEY + "\n    key 2 " + KEY_2 + "\n    active_key " + activeKey
                    + "\n    anti_replay " + antiReplay + "\n    mode " + mode + "\n  }";
        }
    }

    /** The keepalived 2.4 binary named by KEEPALIVED_24, or the test is skipped, saying why. */
    static String keepalived24() {
        String path = System.getenv("KEEPALIVED_24");
        Assumptions.assumeTrue(path != null && !path.isBlank(), "KEEPALIVED_24 is not set: the auth_hmac interop"
                + " test needs a keepalived 2.4.3 binary (bench/keepalived-2.4/build installs one in /opt/keepalived-2.4.3;"
                + " run with KEEPALIVED_24=/opt/keepalived-2.4.3/sbin/keepalived)");
        if (!Files.isExecutable(Path.of(path))) {
            throw new AssertionError("KEEPALIVED_24=" + path + " is not an executable file");
        }
        return path;
    }

    @ParameterizedTest
    @EnumSource(Variant.class)
    void keepwatchAndKeepalived24AcceptEachOthersSignedAdvertsAndFailOverBothWays(Variant v) throws Exception {
        String binary = keepalived24();
        try (Lan lan = Lan.create("itah" + v.ordinal(), 2)) {
            Lan.Host kw = lan.host(1), ka = lan.host(2);

            // keepwatch master, keepalived backup: keepalived accepts keepwatch's trailers. keepalived
            // starts once keepwatch holds the VIP, so that their Master_Down_Intervals cannot end at the
            // same moment (see KeepalivedInteropTest).
            KeepwatchProcess ours = lan.keepwatch(kw, v.config(200));
            lan.awaitOnlyHolder(kw, v.vip, Lan.START_UP);
            KeepalivedProcess theirs = lan.keepalived(ka, v.config(100), binary);
            theirs.awaitLog("\\(VI_1\\) Entering BACKUP STATE", Duration.ofSeconds(20));
            PreemptionTest.assertHolderFor(lan, kw, v.vip, v.masterDown());

            // keepwatch stops: keepalived takes over.
            ours.signal("TERM");
            assertThat(ours.awaitExit(Duration.ofSeconds(10))).isZero();
            lan.awaitOnlyHolder(ka, v.vip, Duration.ofSeconds(20));

            // keepwatch returns below keepalived: it accepts keepalived's trailers and stays backup.
            KeepwatchProcess backup = lan.keepwatch(kw, v.config(50));
            backup.awaitLog("INIT -> BACKUP", Lan.START_UP);
            PreemptionTest.assertHolderFor(lan, ka, v.vip, v.masterDown());
            assertThat(backup.log()).doesNotContain("-> MASTER");

            // keepalived stops: keepwatch takes over.
            theirs.signal("TERM");
            theirs.awaitExit(Duration.ofSeconds(10));
            lan.awaitOnlyHolder(kw, v.vip, Duration.ofSeconds(20));
            backup.awaitLog("BACKUP -> MASTER", Duration.ofSeconds(10));

            assertThat(ours.log() + backup.log()).doesNotContainPattern("(?i)authentication|reject|invalid|mismatch");
            assertThat(theirs.log()).doesNotContainPattern("authentication (trailer|HMAC|key|clock)|too long");
        }
    }
}
