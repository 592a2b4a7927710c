package io.keepwatch.it;

import static io.keepwatch.it.UnicastOptionsTest.awaitHeard;
import static org.assertj.core.api.Assertions.assertThat;

import io.keepwatch.testing.Deadline;
import io.keepwatch.testing.KeepwatchProcess;
import io.keepwatch.testing.RequiresNetns;
import java.net.InetAddress;
import java.time.Duration;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/**
 * static_ipaddress as keepalived keeps it: a line without {@code dev} goes on
 * {@code default_interface}; a scope-link static address on the instance's interface, which the
 * kernel lists before the interface's own address, is not taken for the advert source; one that
 * someone else deletes is put back, unless its line says {@code no_track}.
 */
@RequiresNetns
class StaticAddressTest {

    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final InetAddress VIP = InetAddress.ofLiteral("10.77.0.100");

    private static String config(String router, int priority, String statics) {
        return VrrpConf.file(router, VrrpConf.v3("VI_1", 51, priority).set("advert_int", "0.5").vip("10.77.0.100/24"))
                .replace("global_defs {\n", "global_defs {\n  default_interface side1\n") + statics;
    }

    private static String addresses(Lan.Host host) {
        return host.ns().exec("ip", "-4", "addr", "show");
    }

    private static void await(String what, Lan.Host host, KeepwatchProcess daemon, Predicate<String> shown)
            throws InterruptedException {
        Deadline deadline = Deadline.after(WAIT);
        while (!shown.test(addresses(host))) {
            if (deadline.passed()) {
                throw new AssertionError("timed out waiting for " + what + "; ip addr shows:\n" + addresses(host)
                        + "\n" + daemon.log());
            }
            deadline.pause();
        }
    }

    @Test
    void staticAddressesGoOnTheDefaultInterfaceAreNoSourceAndComeBack() throws Exception {
        try (Lan lan = Lan.create("itsta", 2)) {
            Lan.Host h1 = lan.host(1), h2 = lan.host(2);
            // a second interface for default_interface (a veth pair: this kernel has no dummy links)
            h1.ns().exec("ip", "link", "add", "side1", "type", "veth", "peer", "name", "side1p");
            h1.ns().exec("ip", "link", "set", "side1p", "up");
            h1.ns().exec("ip", "link", "set", "side1", "up");
            KeepwatchProcess master = lan.keepwatch(h1, config("m", 200, "static_ipaddress {\n"
                    + "  10.77.0.50/32 dev eth0 scope link\n  10.88.0.1/32\n  10.88.0.2/32 no_track\n}\n"));
            await("the static addresses", h1, master, a -> a.contains("inet 10.77.0.50/32 scope link eth0")
                    && a.contains("inet 10.88.0.1/32 scope global side1")
                    && a.contains("inet 10.88.0.2/32 scope global side1"));
            assertThat(addresses(h1).indexOf("10.77.0.50/32")).as("the kernel lists the scope-link address first")
                    .isLessThan(addresses(h1).indexOf(h1.ip() + "/"));
            lan.awaitOnlyHolder(h1, VIP, Lan.START_UP);

            // the backup hears the master's adverts from the address eth0 had, not from the static one
            KeepwatchProcess backup = lan.keepwatch(h2, config("b", 100, ""));
            awaitHeard(backup, "VI_1", h1, 200);

            // someone deletes the static addresses: the tracked one comes back, the no_track one does not
            h1.ns().exec("ip", "addr", "del", "10.88.0.1/32", "dev", "side1");
            h1.ns().exec("ip", "addr", "del", "10.88.0.2/32", "dev", "side1");
            master.awaitLog("Restoring deleted static address 10\\.88\\.0\\.1/32 on side1", WAIT);
            master.awaitLog("static address 10\\.88\\.0\\.2/32 on side1 was deleted; no_track", WAIT);
            await("the tracked static address back", h1, master, a -> a.contains("inet 10.88.0.1/32 scope global side1"));
            assertThat(addresses(h1)).doesNotContain("10.88.0.2");
            assertThat(master.log()).doesNotContain("Restoring deleted static address 10.88.0.2");
        }
    }
}
