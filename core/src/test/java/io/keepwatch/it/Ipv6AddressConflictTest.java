package io.keepwatch.it;

import io.keepwatch.testing.KeepwatchProcess;
import io.keepwatch.testing.RequiresNetns;
import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Split brain over IPv6: two masters of one virtual router whose adverts to ff02::12 the switch
 * drops see each other's neighbour advertisements (Override set) for the VIP, report the other's
 * MAC, and learn its link-local address from its neighbour solicitations.
 */
@RequiresNetns
class Ipv6AddressConflictTest {

    private static final Duration SETTLE = Duration.ofSeconds(20);
    private static final String VIP = "fd00:77::150";

    /** Healing is off, as in {@link SplitBrainDetectionTest}: it would end one side's conflict early. */
    private static String conf(String routerId, int priority) {
        return VrrpConf.v3("VI_6", 65, priority).set("split_brain_heal", "off").vip(VIP + "/64").file(routerId);
    }

    private static String conflictLine(String mac) {
        return "\\(VI_6\\) address conflict on eth0: " + Pattern.quote(InetAddress.ofLiteral(VIP).getHostAddress())
                + " is also claimed by " + Pattern.quote(mac);
    }

    @Test
    void twoIpv6MastersWhoseAdvertsAreDroppedReportEachOther() throws Exception {
        try (Lan lan = Lan.create("itsb6", 2)) {
            Lan.Host a = lan.host(1);
            Lan.Host b = lan.host(2);
            SplitBrainDetectionTest.filterBridge(lan, "ip6", "daddr", "ff02::12", "drop");
            KeepwatchProcess kwA = lan.keepwatch(a, conf("a", 200));
            KeepwatchProcess kwB = lan.keepwatch(b, conf("b", 100));
            String macA = a.ns().macAddress("eth0");
            String macB = b.ns().macAddress("eth0");
            kwA.awaitLog(conflictLine(macB), Lan.START_UP);
            kwB.awaitLog(conflictLine(macA), Lan.START_UP);
            // the other's link-local address, scoped to the interface it was seen on
            kwA.awaitLog(conflictLine(macB) + " at " + Pattern.quote(linkLocal(b)) + "%\\d+$", SETTLE);
            kwB.awaitLog(conflictLine(macA) + " at " + Pattern.quote(linkLocal(a)) + "%\\d+$", SETTLE);
        }
    }

    private static String linkLocal(Lan.Host host) {
        String out = host.ns().exec("ip", "-6", "-o", "addr", "show", "dev", "eth0", "scope", "link");
        List<String> words = List.of(out.trim().split("\\s+"));
        String cidr = words.get(words.indexOf("inet6") + 1);
        return InetAddress.ofLiteral(cidr.substring(0, cidr.indexOf('/'))).getHostAddress();
    }
}
