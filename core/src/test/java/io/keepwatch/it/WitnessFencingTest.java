package io.keepwatch.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.keepwatch.cli.MainAccess;
import io.keepwatch.testing.Deadline;
import io.keepwatch.testing.KeepwatchProcess;
import io.keepwatch.testing.RequiresNetns;
import io.keepwatch.testing.witness.TestWitnessPlugin;
import io.keepwatch.testing.witness.WitnessServer;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * {@code witness NAME}: two keepwatch hosts on a LAN, fenced by an in-memory witness store served to
 * them from the test ({@link WitnessServer}). VRRP elects, but a master binds its VIP only while it
 * holds its key: it waits while another holds it, and when it cannot renew its lease it removes the
 * VIP before the store could give the key away and resigns, so that the peer takes over. Never two
 * holders, checked from every host's netlink events.
 */
@RequiresNetns
class WitnessFencingTest {

    static final InetAddress VIP = InetAddress.ofLiteral("10.77.0.100");
    /** Longer than the shortest allowed, so that a loaded machine's late keep-alive does not drop the VIP. */
    static final Duration TTL = Duration.ofSeconds(5);
    static final Duration CHANGE = Duration.ofSeconds(20);

    static String config(WitnessServer server, String routerId, int priority) {
        return server.block("main", TTL) + VrrpConf.file(routerId, VrrpConf.v3("VI_1", 51, priority)
                .set("advert_int", "0.5").vip("10.77.0.100/24").line("witness main"));
    }

    static KeepwatchProcess start(Lan lan, Lan.Host host, WitnessServer server, String routerId, int priority)
            throws Exception {
        Path plugins = TestWitnessPlugin.directory(lan.dir());
        return lan.keepwatch(host, config(server, routerId, priority), "--plugin-dir", plugins.toString());
    }

    static void awaitHolder(WitnessServer server, String holder) throws InterruptedException {
        Deadline deadline = Deadline.after(CHANGE);
        while (!server.store().holder("VI_1").equals(Optional.of(holder))) {
            if (deadline.passed()) {
                throw new AssertionError("the store's holder of VI_1 is " + server.store().holder("VI_1")
                        + ", not " + holder);
            }
            deadline.pause();
        }
    }

    static String status(KeepwatchProcess daemon, String... command) throws Exception {
        List<String> args = new java.util.ArrayList<>(List.of(command));
        args.addAll(List.of("--control-socket", daemon.controlSocket().toString()));
        MainAccess.Result result = MainAccess.run(args.toArray(String[]::new));
        assertThat(result.exitCode()).as(result.err()).isZero();
        return result.out();
    }

    /** Waits until the output of {@code command} has a match of {@code regex}. */
    static void awaitStatus(KeepwatchProcess daemon, String regex, String... command) throws Exception {
        java.util.regex.Pattern pattern = java.util.regex.Pattern.compile(regex);
        Deadline deadline = Deadline.after(CHANGE);
        String last;
        while (!pattern.matcher(last = status(daemon, command)).find()) {
            assertThat(deadline.passed()).as("no /" + regex + "/ in\n" + last).isFalse();
            deadline.pause();
        }
    }

    @Test
    void anElectedMasterWaitsWhileAnotherHoldsItsKey() throws Exception {
        try (Lan lan = Lan.create("itwwait", 1); WitnessServer server = WitnessServer.start()) {
            Lan.Host h1 = lan.host(1);
            long outsider = server.store().grant("outsider", Duration.ofMinutes(5));
            assertThat(server.store().acquire(outsider, "VI_1")).contains(true);

            KeepwatchProcess daemon = start(lan, h1, server, "h1", 200);
            daemon.awaitLog("\\(VI_1\\) Entering MASTER STATE", Lan.START_UP);
            daemon.awaitLog("witness main: waits for VI_1", CHANGE);
            assertThat(lan.holders(VIP)).isEmpty();
            awaitStatus(daemon, "MASTER \\(waiting for witness\\)", "status");
            awaitStatus(daemon, "\"witnessWaiting\" ?: ?true", "status", "--json");
            awaitStatus(daemon, "\"witnessHolder\" ?: ?\"outsider\"", "status", "--json");
            awaitStatus(daemon, "fenced\\(main\\) +outsider ", "status");

            server.store().revoke(outsider);
            lan.awaitOnlyHolder(h1, VIP, CHANGE);
            awaitStatus(daemon, "\"witnessWaiting\" ?: ?false", "status", "--json");
            awaitStatus(daemon, "\"witnessHolder\" ?: ?\"h1\"", "status", "--json");
            assertThat(server.store().holder("VI_1")).contains("h1");
            assertThat(h1.ns().exec("ip", "-4", "addr", "show", "dev", "eth0"))
                    .as("the VIP has a lifetime").containsPattern("10\\.77\\.0\\.100/24 .*\\n\\s+valid_lft [0-3]sec");

            daemon.signal("TERM");
            daemon.awaitExit(CHANGE);
            lan.awaitNoHolder(VIP, CHANGE);
            assertThat(server.store().holder("VI_1")).as("released at the stop").isEmpty();
        }
    }

    /**
     * One LAN for both ways a holder loses its lease: cut from the store (its keepwatch removes the VIP
     * and resigns), then frozen (SIGSTOP: its kernel deletes the VIP by the address's lifetime).
     */
    @Test
    void aMasterCutFromTheWitnessOrFrozenLosesItsVipBeforeThePeerBindsIt() throws Exception {
        try (Lan lan = Lan.create("itwcut", 2); WitnessServer server = WitnessServer.start()) {
            Lan.Host h1 = lan.host(1), h2 = lan.host(2);
            KeepwatchProcess master = start(lan, h1, server, "h1", 200);
            KeepwatchProcess backup = start(lan, h2, server, "h2", 100);
            lan.awaitOnlyHolder(h1, VIP, Lan.START_UP);
            awaitHolder(server, "h1");
            backup.awaitLog("\\(VI_1\\) Entering BACKUP STATE", CHANGE);
            long since = System.nanoTime();

            // cut from the store: h1 removes its VIP before its lease can end, and resigns
            server.cut("h1", true);
            lan.awaitOnlyHolder(h2, VIP, CHANGE);
            awaitHolder(server, "h2");
            master.awaitLog("MASTER -> FAULT", CHANGE);
            long removed = h1.watch().presence(VIP).getLast().nanos();
            assertThat(server.store().expiredAt("h1")).as("h1's lease ran out at the store").isPresent();
            assertThat(removed).as("h1 removed its VIP before its lease could run out at the store")
                    .isLessThan(server.store().expiredAt("h1").getAsLong());
            assertThat(lan.longestOverlap(VIP, since)).isZero();

            // back in touch: a new session, h1 preempts, h2 hands the key over, h1 binds
            server.cut("h1", false);
            lan.awaitOnlyHolder(h1, VIP, CHANGE);
            awaitHolder(server, "h1");
            assertThat(lan.longestOverlap(VIP, since)).isZero();

            // frozen: nobody renews h1's address now; its kernel deletes it, then h2 takes over
            int faults = count(master.log(), "MASTER -> FAULT");
            master.signal("STOP");
            try {
                h1.watch().awaitAbsent("eth0", VIP, CHANGE);
                lan.awaitOnlyHolder(h2, VIP, CHANGE);
                awaitHolder(server, "h2");
                assertThat(lan.longestOverlap(VIP, since)).isZero();
            } finally {
                master.signal("CONT");
            }
            // awake again, h1 must not put its VIP back under the lease it lost: it goes to FAULT, and
            // holds the VIP again only under a new session, once h2 has handed it over
            Deadline fault = Deadline.after(CHANGE);
            while (count(master.log(), "MASTER -> FAULT") == faults) {
                assertThat(fault.passed()).as("h1 went to FAULT after it woke").isFalse();
                fault.pause();
            }
            lan.awaitOnlyHolder(h1, VIP, CHANGE);
            awaitHolder(server, "h1");
            assertThat(lan.longestOverlap(VIP, since)).isZero();
            assertThat(List.of(master.isAlive(), backup.isAlive())).containsOnly(true);
        }
    }

    private static int count(String text, String what) {
        return text.split(java.util.regex.Pattern.quote(what), -1).length - 1;
    }
}
