package io.keepwatch.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.keepwatch.testing.Deadline;
import io.keepwatch.testing.KeepwatchProcess;
import io.keepwatch.testing.RequiresNetns;
import java.net.InetAddress;
import java.time.Duration;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Split brain on one segment is noticed: two masters of one virtual router whose adverts the
 * switch drops while unicast flows each report the other's MAC and then its address, and a host
 * of another virtual router that sees their announcements reports nothing; masters that cannot
 * see each other at all report nothing either (see also {@link AddressClaimTest}).
 */
@RequiresNetns
class SplitBrainDetectionTest {

    private static final Duration SETTLE = Duration.ofSeconds(20);
    static final String VIP = "10.77.0.150";
    static final InetAddress VIP_ADDRESS = InetAddress.ofLiteral(VIP);

    /**
     * Healing is off: it would end one host's conflict as soon as the other learns its address, and
     * this test is about both hosts noticing and naming each other.
     */
    static String conf(String routerId, int vrid, int priority, String vip) {
        return VrrpConf.v3("VI_1", vrid, priority).set("split_brain_heal", "off").vip(vip + "/24").file(routerId);
    }

    /** A bridge table in the switch whose forward chain gets {@code rule}. */
    static void filterBridge(Lan lan, String... rule) {
        lan.switchNs().exec("nft", "add", "table", "bridge", "kwtest");
        lan.switchNs().exec("nft", "add", "chain", "bridge", "kwtest", "kwfwd",
                "{ type filter hook forward priority 0; }");
        java.util.List<String> command = new java.util.ArrayList<>(java.util.List.of("nft", "add", "rule", "bridge",
                "kwtest", "kwfwd"));
        command.addAll(java.util.List.of(rule));
        lan.switchNs().exec(command.toArray(String[]::new));
    }

    static String conflictLine(String mac) {
        return "\\(VI_1\\) address conflict on eth0: " + Pattern.quote(VIP) + " is also claimed by " + Pattern.quote(mac);
    }

    private static void awaitBothHold(Lan lan) throws InterruptedException {
        Deadline deadline = Deadline.after(Lan.START_UP);
        while (!(lan.holds(lan.host(1), VIP_ADDRESS) && lan.holds(lan.host(2), VIP_ADDRESS))) {
            if (deadline.passed()) {
                throw new AssertionError("both hosts never held " + VIP + "\n" + lan.logs());
            }
            deadline.pause();
        }
    }

    @Test
    void twoMastersWhoseAdvertsAreDroppedReportEachOther() throws Exception {
        try (Lan lan = Lan.create("itsbd", 3)) {
            Lan.Host a = lan.host(1);
            Lan.Host b = lan.host(2);
            filterBridge(lan, "ip", "daddr", "224.0.0.18", "drop");
            KeepwatchProcess kwA = lan.keepwatch(a, conf("a", 61, 200, VIP));
            KeepwatchProcess kwB = lan.keepwatch(b, conf("b", 61, 100, VIP));
            // sees both masters' gratuitous ARPs, but runs another virtual router
            KeepwatchProcess kwOther = lan.keepwatch(lan.host(3), conf("o", 64, 100, "10.77.0.160"));
            lan.awaitOnlyHolder(lan.host(3), InetAddress.ofLiteral("10.77.0.160"), Lan.START_UP);
            String macA = a.ns().macAddress("eth0");
            String macB = b.ns().macAddress("eth0");
            kwA.awaitLog(conflictLine(macB), Lan.START_UP);
            kwB.awaitLog(conflictLine(macA), Lan.START_UP);
            kwA.awaitLog(conflictLine(macB) + " at " + Pattern.quote(b.ip()) + "$", SETTLE);
            kwB.awaitLog(conflictLine(macA) + " at " + Pattern.quote(a.ip()) + "$", SETTLE);
            assertThat(kwOther.log()).doesNotContain("address conflict");
        }
    }

    @Test
    void mastersThatCannotSeeEachOtherReportNothing() throws Exception {
        try (Lan lan = Lan.create("itsbn", 2)) {
            filterBridge(lan, "drop");
            KeepwatchProcess kwA = lan.keepwatch(lan.host(1), conf("a", 62, 200, VIP));
            KeepwatchProcess kwB = lan.keepwatch(lan.host(2), conf("b", 62, 100, VIP));
            awaitBothHold(lan);
            kwA.awaitLog("Entering MASTER STATE", SETTLE);
            kwB.awaitLog("Entering MASTER STATE", SETTLE);
            // a claim seen would be reported within a second; give it several
            Deadline quiet = Deadline.after(Duration.ofSeconds(5));
            while (!quiet.passed()) {
                assertThat(kwA.log()).doesNotContain("address conflict");
                assertThat(kwB.log()).doesNotContain("address conflict");
                quiet.pause();
            }
        }
    }
}
