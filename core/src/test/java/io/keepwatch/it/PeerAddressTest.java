package io.keepwatch.it;

import io.keepwatch.testing.Deadline;
import io.keepwatch.testing.KeepwatchProcess;
import io.keepwatch.testing.RequiresNetns;
import java.time.Duration;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * {@code peer} in virtual_ipaddress and static_ipaddress lines: the kernel shows a point-to-point
 * address ({@code inet LOCAL peer PEER/len}, as {@code ip addr add LOCAL peer PEER} makes it), and
 * keepwatch removes exactly that address: a reload that drops the virtual one, the stop the static one.
 */
@RequiresNetns
class PeerAddressTest {

    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final String VIP = "inet 10.77.0.100 peer 10.77.0.200/32 scope global eth0";
    private static final String STATIC = "inet 10.77.5.1 peer 10.77.5.2/32 scope global eth0";

    private static String config(boolean withPeerVip) {
        VrrpConf instance = VrrpConf.v3("VI_1", 51, 200).set("state", "MASTER").vip("10.77.0.101/24");
        if (withPeerVip) {
            instance.vip("10.77.0.100 peer 10.77.0.200/32");
        }
        return VrrpConf.file("p", instance) + "static_ipaddress {\n  10.77.5.1 peer 10.77.5.2 dev eth0\n}\n";
    }

    private static void await(String what, Lan.Host host, KeepwatchProcess daemon, Predicate<String> addresses)
            throws InterruptedException {
        Deadline deadline = Deadline.after(WAIT);
        while (!addresses.test(host.ns().exec("ip", "-4", "addr", "show", "dev", "eth0"))) {
            if (deadline.passed()) {
                throw new AssertionError("timed out waiting for " + what + "; ip addr shows:\n"
                        + host.ns().exec("ip", "-4", "addr", "show", "dev", "eth0") + "\n" + daemon.log());
            }
            deadline.pause();
        }
    }

    @Test
    void peerAddressesAreAddedAndRemovedExactly() throws Exception {
        try (Lan lan = Lan.create("itpeer", 1)) {
            Lan.Host h1 = lan.host(1);
            KeepwatchProcess daemon = lan.keepwatch(h1, config(true));
            await("the peer addresses", h1, daemon, a -> a.contains(VIP) && a.contains(STATIC));

            lan.write(h1.name() + ".conf", config(false));
            daemon.signal("HUP");
            daemon.awaitLog("reloaded ", WAIT);
            await("the virtual peer address gone", h1, daemon,
                    a -> !a.contains("10.77.0.100") && a.contains(STATIC) && a.contains("10.77.0.101/24"));

            daemon.signal("TERM");
            daemon.awaitExit(WAIT);
            await("the static peer address gone", h1, daemon, a -> !a.contains("10.77.5.1"));
            if (Pattern.compile("cannot remove").matcher(daemon.log()).find()) {
                throw new AssertionError("a removal failed:\n" + daemon.log());
            }
        }
    }
}
