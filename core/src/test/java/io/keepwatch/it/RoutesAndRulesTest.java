package io.keepwatch.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.keepwatch.testing.Deadline;
import io.keepwatch.testing.KeepwatchProcess;
import io.keepwatch.testing.NetNs;
import io.keepwatch.testing.RequiresNetns;
import java.net.InetAddress;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * virtual_routes and virtual_rules follow the MASTER state, static ones stay while the daemon runs,
 * as the kernel shows them ({@code ip route show table all}, {@code ip rule show}, {@code ip -6 ...}):
 * added on taking over, gone on MASTER -> BACKUP and at the stop, put back (static) or answered by
 * leaving MASTER (tracked virtual) when someone else deletes one, and cleared after a kill -9 by the
 * next start.
 */
@RequiresNetns
class RoutesAndRulesTest {

    static final InetAddress VIP = InetAddress.ofLiteral("10.77.0.100");
    static final Duration WAIT = Duration.ofSeconds(20);

    static final String ROUTE = "10.99.0.0/24 via 10.77.0.254 dev eth0";
    static final String UNTRACKED = "10.97.0.0/24 via 10.77.0.254 dev eth0 no_track";
    static final String TABLE_ROUTE = "default via 10.77.0.254 dev eth0 table 100";
    static final String V6_ROUTE = "inet6 2001:db8:99::/64 dev eth0 metric 77";
    static final String RULE = "from 10.77.0.100/32 table 100 preference 1000";
    static final String V6_RULE = "inet6 from 2001:db8:99::/64 table 100 preference 1001";

    static String config(String router, int priority) {
        return VrrpConf.file(router, VrrpConf.v3("VI_1", 51, priority).vip("10.77.0.100/24")
                .line("virtual_routes {\n    " + ROUTE + "\n    " + UNTRACKED + "\n    " + TABLE_ROUTE + "\n    "
                        + V6_ROUTE + "\n  }")
                .line("virtual_rules {\n    " + RULE + "\n    " + V6_RULE + "\n  }"))
                + "static_routes {\n  10.96.0.0/24 via 10.77.0.254 dev eth0\n}\n"
                + "static_rules {\n  from 10.96.0.0/24 table 101 preference 2000\n}\n"
                + "static_ipaddress {\n  10.95.0." + priority / 100 + "/32 dev lo scope link\n}\n";
    }

    /** What the kernel shows of the virtual and static objects on {@code ns}, one per line. */
    static String kernel(NetNs.Namespace ns) {
        return ns.exec("ip", "route", "show", "table", "all") + ns.exec("ip", "-6", "route", "show", "table", "all")
                + ns.exec("ip", "rule", "show") + ns.exec("ip", "-6", "rule", "show")
                + ns.exec("ip", "-4", "addr", "show", "dev", "lo");
    }

    static boolean hasVirtual(String kernel) {
        return kernel.contains("10.99.0.0/24 via 10.77.0.254 dev eth0 proto keepalived")
                && kernel.contains("10.97.0.0/24 via 10.77.0.254 dev eth0 proto keepalived")
                && kernel.contains("default via 10.77.0.254 dev eth0 table 100 proto keepalived")
                && kernel.contains("2001:db8:99::/64 dev eth0 proto keepalived metric 77")
                && kernel.contains("1000:\tfrom 10.77.0.100 lookup 100 proto keepalived")
                && kernel.contains("1001:\tfrom 2001:db8:99::/64 lookup 100 proto keepalived");
    }

    static boolean hasNoVirtual(String kernel) {
        return !kernel.contains("10.99.0.0/24") && !kernel.contains("10.97.0.0/24") && !kernel.contains("table 100")
                && !kernel.contains("2001:db8:99::") && !kernel.contains("lookup 100");
    }

    static boolean hasStatic(String kernel, int host) {
        return kernel.contains("10.96.0.0/24 via 10.77.0.254 dev eth0 proto keepalived")
                && kernel.contains("2000:\tfrom 10.96.0.0/24 lookup 101 proto keepalived")
                && kernel.contains("inet 10.95.0." + host + "/32 scope link");
    }

    static void await(String what, NetNs.Namespace ns, java.util.function.Predicate<String> condition)
            throws InterruptedException {
        Deadline deadline = Deadline.after(WAIT);
        while (!condition.test(kernel(ns))) {
            if (deadline.passed()) {
                throw new AssertionError("timed out waiting for " + what + " on " + ns + "; the kernel shows:\n"
                        + kernel(ns));
            }
            deadline.pause();
        }
    }

    static int count(KeepwatchProcess p, String regex) {
        Matcher m = Pattern.compile(regex).matcher(p.log());
        int n = 0;
        while (m.find()) n++;
        return n;
    }

    @Test
    void routesAndRulesFollowTheMasterAndStaticOnesTheDaemon() throws Exception {
        try (Lan lan = Lan.create("itrt", 2)) {
            Lan.Host h1 = lan.host(1), h2 = lan.host(2);
            KeepwatchProcess master = lan.keepwatch(h1, config("m", 200));
            KeepwatchProcess backup = lan.keepwatch(h2, config("b", 100));
            lan.awaitOnlyHolder(h1, VIP, Lan.START_UP);
            await("the master's routes and rules", h1.ns(), k -> hasVirtual(k) && hasStatic(k, 2));
            await("the backup's static ones only", h2.ns(), k -> hasStatic(k, 1) && hasNoVirtual(k));

            // someone else deletes a static route and rule: keepalived puts them back
            h2.ns().exec("ip", "route", "del", "10.96.0.0/24", "via", "10.77.0.254", "dev", "eth0");
            h2.ns().exec("ip", "rule", "del", "preference", "2000");
            backup.awaitLog("Restoring deleted static route 10\\.96\\.0\\.0/24", WAIT);
            backup.awaitLog("Restoring deleted static rule preference 2000", WAIT);
            await("the static route and rule back", h2.ns(), k -> hasStatic(k, 1));

            // a no_track route deleted: the master stays master
            h1.ns().exec("ip", "route", "del", "10.97.0.0/24");
            master.awaitLog("route 10\\.97\\.0\\.0/24 .* was deleted; no_track", WAIT);
            assertThat(count(master, "MASTER -> BACKUP")).isZero();

            // a tracked route deleted: the master resigns, then takes over again at once (it outranks
            // the backup) and puts every route and rule back, the untracked one too
            h1.ns().exec("ip", "route", "del", "10.99.0.0/24");
            master.awaitLog("route 10\\.99\\.0\\.0/24 .* was deleted by someone else", WAIT);
            master.awaitLog("MASTER -> BACKUP", WAIT);
            await("the routes back after the takeover", h1.ns(), k -> hasVirtual(k));
            lan.awaitOnlyHolder(h1, VIP, WAIT);

            // and the same for a tracked rule
            h1.ns().exec("ip", "-6", "rule", "del", "preference", "1001");
            master.awaitLog("rule inet6 preference 1001 .* was deleted by someone else", WAIT);
            Deadline.await("a second MASTER -> BACKUP", WAIT, () -> count(master, "MASTER -> BACKUP") == 2);
            await("the rules back after the takeover", h1.ns(), k -> hasVirtual(k));

            // the master stops: its virtual and static objects go, the backup takes over and adds its own
            master.signal("TERM");
            assertThat(master.awaitExit(WAIT)).isZero();
            assertThat(kernel(h1.ns())).satisfies(k -> assertThat(hasNoVirtual(k)).as(k).isTrue())
                    .doesNotContain("10.96.0.0/24").doesNotContain("lookup 101").doesNotContain("10.95.0.2");
            lan.awaitOnlyHolder(h2, VIP, WAIT);
            await("the new master's routes and rules", h2.ns(), RoutesAndRulesTest::hasVirtual);

            // kill -9: everything stays in the kernel ...
            backup.signal("KILL");
            backup.awaitExit(WAIT);
            assertThat(hasVirtual(kernel(h2.ns()))).isTrue();
            // ... until the next start, which clears what it would add before it runs as BACKUP
            KeepwatchProcess again = lan.keepwatch(h1, config("m", 200));
            again.awaitLog("-> MASTER", Lan.START_UP);
            KeepwatchProcess restarted = lan.keepwatch(h2, config("b", 100));
            restarted.awaitLog("removed route 10\\.99\\.0\\.0/24 .* left by an earlier run", Lan.START_UP);
            await("no leftovers on the restarted backup", h2.ns(), k -> hasNoVirtual(k) && hasStatic(k, 1));
            lan.awaitOnlyHolder(h1, VIP, WAIT);
            restarted.awaitLog("INIT -> BACKUP", WAIT);
            assertThat(hasNoVirtual(kernel(h2.ns()))).isTrue();
        }
    }
}
