package io.keepwatch.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.keepwatch.testing.Deadline;
import io.keepwatch.testing.KeepwatchProcess;
import io.keepwatch.testing.RequiresNetns;
import io.keepwatch.testing.witness.TestWitnessPlugin;
import io.keepwatch.testing.witness.WitnessServer;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * {@code election NAME}: keepwatch hosts that run no VRRP, elected by an in-memory witness store
 * served from the test ({@link WitnessServer}). The key's holder binds the VIP; a killed holder's
 * VIP leaves its kernel before its lease can end, and the next best host takes the key; a priority
 * change hands the key over; nopreempt keeps it. Never two holders, from every host's netlink events.
 */
@RequiresNetns
class ElectionModeNetnsTest {

    static final InetAddress VIP = InetAddress.ofLiteral("10.77.0.100");
    static final Duration TTL = Duration.ofSeconds(3);
    static final Duration CHANGE = Duration.ofSeconds(20);

    /** The VRRP keywords VrrpConf writes (virtual_router_id, version, advert_int) mean nothing here. */
    static VrrpConf instance(int priority) {
        return VrrpConf.v3("DB", 51, priority).line("election main").vip("10.77.0.100/24");
    }

    static KeepwatchProcess start(Lan lan, Lan.Host host, WitnessServer server, String routerId, VrrpConf instance,
                                  String extra) throws Exception {
        Path plugins = TestWitnessPlugin.directory(lan.dir());
        return lan.keepwatch(host, server.block("main", TTL) + VrrpConf.file(routerId, instance) + extra,
                "--plugin-dir", plugins.toString());
    }

    static void awaitHolder(WitnessServer server, String holder) throws InterruptedException {
        Deadline deadline = Deadline.after(CHANGE);
        while (!server.store().holder("DB").equals(Optional.of(holder))) {
            if (deadline.passed()) {
                throw new AssertionError("the store's holder of DB is " + server.store().holder("DB") + ", not " + holder);
            }
            deadline.pause();
        }
    }

    static void awaitCandidates(WitnessServer server, int count) throws InterruptedException {
        Deadline deadline = Deadline.after(CHANGE);
        while (server.store().candidates("DB").size() != count) {
            if (deadline.passed()) {
                throw new AssertionError("candidates for DB: " + server.store().candidates("DB"));
            }
            deadline.pause();
        }
    }

    @Test
    void theBestHostHoldsAndAKilledHoldersVipMovesWithNoMomentOfTwoHolders() throws Exception {
        try (Lan lan = Lan.create("itelk", 3); WitnessServer server = WitnessServer.start()) {
            Lan.Host h1 = lan.host(1), h2 = lan.host(2), h3 = lan.host(3);
            KeepwatchProcess first = start(lan, h1, server, "h1", instance(200), "");
            KeepwatchProcess second = start(lan, h2, server, "h2", instance(150), "");
            start(lan, h3, server, "h3", instance(100), "");
            lan.awaitOnlyHolder(h1, VIP, Lan.START_UP);
            awaitHolder(server, "h1");
            awaitCandidates(server, 3);
            first.awaitLog("\\(DB\\) election: acquired the key in witness main", CHANGE);
            second.awaitLog("\\(DB\\) Entering BACKUP STATE", CHANGE);
            long since = System.nanoTime();

            first.signal("KILL");
            lan.awaitOnlyHolder(h2, VIP, CHANGE);
            awaitHolder(server, "h2");
            assertThat(lan.longestOverlap(VIP, since)).isZero();
            second.awaitLog("\\(DB\\) Entering MASTER STATE", CHANGE);
        }
    }

    @Test
    void aTrackScriptThatLowersTheHolderHandsTheKeyOverWithNoMomentOfTwoHolders() throws Exception {
        try (Lan lan = Lan.create("itelt", 2); WitnessServer server = WitnessServer.start()) {
            Lan.Host h1 = lan.host(1), h2 = lan.host(2);
            Path fail = lan.dir().resolve("fail");
            Path check = lan.write("check.sh", "#!/bin/sh\n[ ! -e '" + fail + "' ]\n");
            Files.setPosixFilePermissions(check, PosixFilePermissions.fromString("rwxr-xr-x"));
            String script = "vrrp_script chk {\n  script \"" + check + "\"\n  interval 1\n  weight -100\n}\n";
            KeepwatchProcess first = start(lan, h1, server, "h1",
                    instance(200).line("track_script {\n    chk\n  }"), script);
            KeepwatchProcess second = start(lan, h2, server, "h2", instance(150), "");
            lan.awaitOnlyHolder(h1, VIP, Lan.START_UP);
            awaitHolder(server, "h1");
            awaitCandidates(server, 2);
            first.awaitLog("check chk is now UP", CHANGE);
            long since = System.nanoTime();

            Files.writeString(fail, "");
            first.awaitLog("effective priority 200 -> 100", CHANGE);
            lan.awaitOnlyHolder(h2, VIP, CHANGE);
            awaitHolder(server, "h2");
            first.awaitLog("\\(DB\\) election: released the key in witness main \\(handover\\)", CHANGE);
            assertThat(lan.longestOverlap(VIP, since)).isZero();

            Files.delete(fail);
            first.awaitLog("effective priority 100 -> 200", CHANGE);
            lan.awaitOnlyHolder(h1, VIP, CHANGE);
            awaitHolder(server, "h1");
            second.awaitLog("\\(DB\\) election: released the key in witness main \\(handover\\)", CHANGE);
            assertThat(lan.longestOverlap(VIP, since)).isZero();
        }
    }

    @Test
    void nopreemptKeepsTheHolderWhenAHigherHostStands() throws Exception {
        try (Lan lan = Lan.create("itelnp", 2); WitnessServer server = WitnessServer.start()) {
            Lan.Host h1 = lan.host(1), h2 = lan.host(2);
            KeepwatchProcess first = start(lan, h1, server, "h1", instance(100).line("nopreempt"), "");
            lan.awaitOnlyHolder(h1, VIP, Lan.START_UP);
            awaitHolder(server, "h1");

            KeepwatchProcess second = start(lan, h2, server, "h2", instance(250).line("nopreempt"), "");
            awaitCandidates(server, 2);
            first.awaitLog("nopreempt: keeping the key though h2 stands at higher priority 250", CHANGE);
            second.awaitLog("\\(DB\\) Entering BACKUP STATE", CHANGE);
            assertThat(lan.holders(VIP)).containsExactly(h1);
            assertThat(server.store().holder("DB")).contains("h1");
        }
    }
}
