package io.keepwatch.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.keepwatch.testing.Deadline;
import io.keepwatch.testing.KeepwatchProcess;
import io.keepwatch.testing.RequiresNetns;
import java.net.InetAddress;
import java.nio.file.Files;
import java.time.Duration;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * SIGHUP reloads on a running master, watched through netlink: an unchanged file never touches
 * the VIP; a broken file changes nothing and is reported with file:line; a new VIP is added
 * without dropping the old one; a removed instance lets its VIP go.
 */
@RequiresNetns
class ReloadTest {

    static final InetAddress VIP = InetAddress.ofLiteral("10.77.0.100");
    static final InetAddress VIP2 = InetAddress.ofLiteral("10.77.0.101");
    static final Duration START = Lan.START_UP;
    static final Duration RELOAD = Duration.ofSeconds(10);

    /*
     * advert_int 0.5: these tests assert that a reload never lets the backup take over, so the
     * backup's down timer (1.8 s) must outlast a busy machine's scheduling stalls, which at 0.1 s
     * (0.36 s) it did not always.
     */
    private static VrrpConf first(int priority) {
        return VrrpConf.v3("VI_1", 51, priority).set("advert_int", "0.5").vip("10.77.0.100/24");
    }

    private static VrrpConf second(int priority) {
        return VrrpConf.v3("VI_2", 52, priority).set("advert_int", "0.5").vip("10.77.0.101/24");
    }

    /** Sends SIGHUP and waits for the daemon to log its {@code n}th "reloaded" (or "reload refused"). */
    private static void reload(KeepwatchProcess daemon, String outcome, int n) throws Exception {
        daemon.signal("HUP");
        Pattern line = Pattern.compile(outcome);
        Deadline.await(n + " x '" + outcome + "'", RELOAD, () -> line.matcher(daemon.log()).results().count() >= n);
    }

    @Test
    void twentyReloadsOfAnUnchangedFileNeverRemoveTheVip() throws Exception {
        try (Lan lan = Lan.create("itrl", 2)) {
            Lan.Host master = lan.host(1), backup = lan.host(2);
            KeepwatchProcess daemon = lan.keepwatch(master, first(200).file("m"));
            lan.keepwatch(backup, first(100).file("b"));
            lan.awaitOnlyHolder(master, VIP, START);
            long settled = System.nanoTime();
            long before = master.watch().removals(VIP);
            for (int i = 1; i <= 20; i++) {
                reload(daemon, "reloaded ", i);
            }
            // One more advert interval after the last reload: a late flap would show by now.
            lan.awaitOnlyHolder(master, VIP, Duration.ofSeconds(1));
            assertThat(master.watch().removals(VIP) - before).as("VIP removals during 20 reloads").isZero();
            assertThat(backup.watch().presence(VIP)).as("the backup never took over")
                    .noneMatch(p -> p.present() && p.nanos() > settled);
            assertThat(daemon.log()).contains("unchanged [VI_1]");
        }
    }

    @Test
    void aBrokenFileKeepsTheRunningConfigurationAndNamesTheLine() throws Exception {
        try (Lan lan = Lan.create("itrlb", 1)) {
            Lan.Host master = lan.host(1);
            KeepwatchProcess daemon = lan.keepwatch(master, first(200).file("m"));
            lan.awaitOnlyHolder(master, VIP, START);
            String broken = first(200).file("m").replace("priority 200", "priority 256");
            int line = lineOf(broken, "priority 256");
            Files.writeString(lan.dir().resolve("h1.conf"), broken);
            reload(daemon, "reload refused", 1);
            assertThat(daemon.log()).containsPattern("h1\\.conf:" + line + ": .*priority");
            lan.awaitOnlyHolder(master, VIP, Duration.ofSeconds(1));
            assertThat(master.watch().removals(VIP)).isZero();
            assertThat(daemon.isAlive()).isTrue();
        }
    }

    @Test
    void aReloadThatAddsAVipKeepsTheFirstOne() throws Exception {
        try (Lan lan = Lan.create("itrla", 2)) {
            Lan.Host master = lan.host(1), backup = lan.host(2);
            KeepwatchProcess daemon = lan.keepwatch(master, first(200).file("m"));
            lan.keepwatch(backup, first(100).file("b"));
            lan.awaitOnlyHolder(master, VIP, START);
            long settled = System.nanoTime();
            long before = master.watch().removals(VIP);
            Files.writeString(lan.dir().resolve("h1.conf"), first(200).vip("10.77.0.101/24").file("m"));
            reload(daemon, "reloaded ", 1);
            master.watch().awaitPresent("eth0", VIP2, Duration.ofSeconds(3));
            lan.awaitOnlyHolder(master, VIP, Duration.ofSeconds(1));
            assertThat(master.watch().removals(VIP) - before).as("removals of the first VIP").isZero();
            assertThat(backup.watch().presence(VIP)).noneMatch(p -> p.present() && p.nanos() > settled);
        }
    }

    @Test
    void aReloadThatAddsAnInstanceStartsItAndLeavesTheOtherAlone() throws Exception {
        try (Lan lan = Lan.create("itrln", 1)) {
            Lan.Host master = lan.host(1);
            KeepwatchProcess daemon = lan.keepwatch(master, first(200).file("m"));
            lan.awaitOnlyHolder(master, VIP, START);
            Files.writeString(lan.dir().resolve("h1.conf"), VrrpConf.file("m", first(200), second(200)));
            reload(daemon, "reloaded ", 1);
            master.watch().awaitPresent("eth0", VIP2, Duration.ofSeconds(3));
            assertThat(lan.holders(VIP)).containsExactly(master);
            assertThat(master.watch().removals(VIP)).as("removals of the untouched instance's VIP").isZero();
            assertThat(daemon.log()).contains("unchanged [VI_1], changed [], added [VI_2]");
        }
    }

    @Test
    void aReloadThatRemovesAnInstanceReleasesItsVipOnly() throws Exception {
        try (Lan lan = Lan.create("itrlr", 1)) {
            Lan.Host master = lan.host(1);
            KeepwatchProcess daemon = lan.keepwatch(master, VrrpConf.file("m", first(200), second(200)));
            lan.awaitOnlyHolder(master, VIP, START);
            master.watch().awaitPresent("eth0", VIP2, START);
            Files.writeString(lan.dir().resolve("h1.conf"), first(200).file("m"));
            reload(daemon, "reloaded ", 1);
            master.watch().awaitAbsent("eth0", VIP2, Duration.ofSeconds(3));
            assertThat(lan.holders(VIP)).containsExactly(master);
            assertThat(master.watch().removals(VIP)).as("removals of the kept instance's VIP").isZero();
        }
    }

    private static int lineOf(String text, String needle) {
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            if (lines[i].contains(needle)) {
                return i + 1;
            }
        }
        throw new IllegalArgumentException(needle);
    }
}
