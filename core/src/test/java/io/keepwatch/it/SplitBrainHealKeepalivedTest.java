package io.keepwatch.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.keepwatch.testing.KeepalivedProcess;
import io.keepwatch.testing.KeepwatchProcess;
import io.keepwatch.testing.RequiresNetns;
import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * split_brain_heal against Debian's keepalived with multicast VRRP dropped on the bridge:
 * keepwatch, which outranks it, sends it its adverts by unicast, but keepalived never hears them
 * (its multicast socket is bound to the group, and it would reject a unicast advert anyway), so
 * it stays MASTER too. keepwatch, hearing nothing from keepalived, stays MASTER without a single
 * transition: healing does not make it worse.
 */
@RequiresNetns
class SplitBrainHealKeepalivedTest {

    private static final InetAddress VIP = InetAddress.ofLiteral("10.77.0.100");

    @Test
    void keepwatchStaysPutBesideAKeepalivedThatCannotBeHealed() throws Exception {
        if (!KeepalivedProcess.available()) {
            if ("true".equals(System.getenv("CI"))) {
                throw new AssertionError("keepalived is not installed, and CI=true forbids skipping interoperability");
            }
            Assumptions.abort("keepalived is not installed");
        }
        try (Lan lan = Lan.create("itsbk", 2)) {
            Lan.Host kw = lan.host(1), ka = lan.host(2);
            SplitBrainHealTest.blockMulticastVrrp(lan);
            KeepwatchProcess ours = lan.keepwatch(kw, VrrpConf.v3("VI_1", 51, 150).vip("10.77.0.100/24").file("kw"));
            lan.awaitOnlyHolder(kw, VIP, Lan.START_UP);
            // keepalived's host sends no ARP of its own while it runs (its gratuitous ARPs name the
            // VIP): traffic between the hosts, as on any real segment, puts it in the neighbour table
            // (a TCP connection attempt, refused, is enough: the ARP request before it names 10.77.0.2)
            ka.ns().exec("bash", "-c", "(exec 3<>/dev/tcp/" + kw.ip() + "/9) 2>/dev/null; true");
            KeepalivedProcess theirs = lan.keepalived(ka, VrrpConf.v3("VI_1", 51, 100).vip("10.77.0.100/24").file("ka"));
            theirs.awaitLog("\\(VI_1\\) Entering MASTER STATE", Lan.START_UP);

            // keepwatch notices keepalived holding the VIP and sends it its adverts by unicast
            ours.awaitLog("\\(VI_1\\) split brain: 10\\.77\\.0\\.2 .*sending it our adverts by unicast",
                    Duration.ofSeconds(20));
            SplitBrainHealTest.assertUnchangedFor(lan, List.of(kw, ka), Duration.ofSeconds(30));

            assertThat(ours.log()).containsOnlyOnce("Entering MASTER STATE").doesNotContain("MASTER -> BACKUP");
            assertThat(theirs.log()).as("keepalived never hears the unicast adverts")
                    .containsOnlyOnce("Entering MASTER STATE").containsOnlyOnce("Entering BACKUP STATE");
            assertThat(SplitBrainHealTest.ipAddrShowsVip(kw)).isTrue();
            assertThat(SplitBrainHealTest.ipAddrShowsVip(ka)).isTrue();
        }
    }
}
