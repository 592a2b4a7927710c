package io.keepwatch.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.keepwatch.linux.ReceivedDatagram;
import io.keepwatch.linux.Vrrp4Socket;
import io.keepwatch.testing.Deadline;
import io.keepwatch.testing.KeepwatchProcess;
import io.keepwatch.testing.NetNs;
import io.keepwatch.testing.PrometheusText;
import io.keepwatch.testing.RequiresNetns;
import io.keepwatch.vrrp.AddressFamily;
import io.keepwatch.vrrp.codec.Endpoints;
import io.keepwatch.vrrp.codec.HmacKey;
import io.keepwatch.vrrp.codec.HmacSequence;
import io.keepwatch.vrrp.codec.HmacTrailer;
import io.keepwatch.vrrp.codec.VrrpAdvert;
import io.keepwatch.vrrp.codec.VrrpEncoder;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * auth_hmac on the wire between keepwatch hosts: an injector on the segment replays a captured
 * valid advert, forges adverts at priority 255 with a wrong key, an unknown key id, and a
 * timestamp beyond the window; the master keeps its role and each advert is counted under its
 * reason. Keys rotate across two hosts by reloads, one host at a time, with no transition.
 */
@RequiresNetns
class AuthHmacWireTest {
    private static final int VRID = 71;
    private static final String VIP = "10.77.0.100";
    private static final InetAddress VIP_ADDRESS = InetAddress.ofLiteral(VIP);
    private static final String KEY_1 = "hex:" + "11".repeat(32);
    private static final String KEY_2 = "hex:" + "22".repeat(32);
    private static final Duration SETTLE = Duration.ofSeconds(20);
    /** Master_Down_Interval at advert_int 0.1, with a margin. */
    private static final Duration MASTER_DOWN = Duration.ofMillis(800);

    private static String config(String router, int priority, int activeKey, String... keys) {
        StringBuilder block = new StringBuilder("auth_hmac {\n");
        for (int i = 0; i < keys.length; i++) {
            if (keys[i] != null) block.append("    key ").append(i + 1).append(' ').append(keys[i]).append('\n');
        }
        block.append("    active_key ").append(activeKey).append("\n    time_window 5\n  }");
        return VrrpConf.v3("VI_1", VRID, priority).vip(VIP + "/24").line(block.toString()).file(router);
    }

    private static double rejected(NetNs.Namespace ns, String reason) {
        try {
            return PrometheusText.parse(ConflictReportingTest.get(ns, "/metrics"))
                    .value("keepwatch_vrrp_adverts_rejected_total", Map.of("instance", "VI_1", "reason", reason));
        } catch (Exception | AssertionError notYet) {
            return Double.NaN;
        }
    }

    /** An advert from {@code source} at priority 255, signed with {@code key} and {@code sequence}. */
    private static byte[] forged(String source, HmacKey key, long sequence) {
        VrrpAdvert advert = VrrpAdvert.v3(AddressFamily.IPV4, VRID, 255, 10, List.of(VIP_ADDRESS));
        Endpoints from = Endpoints.multicast(InetAddress.ofLiteral(source));
        ByteBuffer out = ByteBuffer.allocate(256);
        VrrpEncoder.encodeIpv4Datagram(advert, from, 1, 255, true, out);
        HmacTrailer.sign(out, 20, VrrpEncoder.advertLength(advert), key, sequence, from);
        byte[] packet = new byte[out.position()];
        out.flip().get(packet);
        return packet;
    }

    private static long now() {
        Instant t = Instant.now();
        return HmacSequence.ofClock(t.getEpochSecond(), t.getNano());
    }

    private static void inject(Lan.Host injector, byte[] datagram) throws Exception {
        injector.ns().call(() -> {
            try (Vrrp4Socket socket = Vrrp4Socket.open("eth0", false)) {
                for (int i = 0; i < 3; i++) {
                    socket.send(datagram, Vrrp4Socket.VRRP_GROUP);
                }
            }
            return null;
        });
    }

    @Test
    void replayedForgedAndStaleAdvertsAreIgnoredAndCountedByReason() throws Exception {
        try (Lan lan = Lan.create("itahw", 3)) {
            Lan.Host master = lan.host(1), backup = lan.host(2), injector = lan.host(3);
            KeepwatchProcess m = lan.keepwatch(master, config("m", 200, 1, KEY_1));
            KeepwatchProcess b = lan.keepwatch(backup, config("b", 100, 1, KEY_1));
            lan.awaitOnlyHolder(master, VIP_ADDRESS, Lan.START_UP);
            b.awaitLog("INIT -> BACKUP", Lan.START_UP);
            for (String reason : List.of("auth_hmac_replay", "auth_hmac_bad_hmac", "auth_hmac_unknown_key", "auth_hmac_stale")) {
                Deadline.await(reason + " at 0 on both", SETTLE,
                        () -> rejected(master.ns(), reason) == 0.0 && rejected(backup.ns(), reason) == 0.0);
            }
            PreemptionTest.assertHolderFor(lan, master, VIP_ADDRESS, MASTER_DOWN);
            int mSettled = m.log().length(), bSettled = b.log().length();

            // a valid advert of the master, taken off the wire, sent again: a replay
            byte[] captured = injector.ns().call(() -> {
                try (Vrrp4Socket socket = Vrrp4Socket.open("eth0", true)) {
                    Deadline end = Deadline.after(SETTLE);
                    while (!end.passed()) {
                        Optional<ReceivedDatagram> d = socket.receive(Duration.ofSeconds(1));
                        if (d.isPresent() && d.get().source().equals(InetAddress.ofLiteral(master.ip()))) {
                            return d.get().data();
                        }
                    }
                    throw new AssertionError("no advert from the master");
                }
            });
            inject(injector, captured);
            Deadline.await("the replay counted on the backup", SETTLE, () -> rejected(backup.ns(), "auth_hmac_replay") >= 1);

            // priority 255 from the injector: a wrong key, an unknown key id, a timestamp a minute ahead
            HmacKey right = new HmacKey(1, HexFormat.of().parseHex(KEY_1.substring(4)));
            inject(injector, forged(injector.ip(), new HmacKey(1, HexFormat.of().parseHex("33".repeat(32))), now()));
            inject(injector, forged(injector.ip(), new HmacKey(9, HexFormat.of().parseHex(KEY_1.substring(4))), now()));
            inject(injector, forged(injector.ip(), right, now() + (60L << 32)));
            for (String reason : List.of("auth_hmac_bad_hmac", "auth_hmac_unknown_key", "auth_hmac_stale")) {
                Deadline.await(reason + " counted on both", SETTLE,
                        () -> rejected(master.ns(), reason) >= 1 && rejected(backup.ns(), reason) >= 1);
            }
            PreemptionTest.assertHolderFor(lan, master, VIP_ADDRESS, MASTER_DOWN);
            assertThat(m.log().substring(mSettled)).doesNotContain("Entering");
            assertThat(b.log().substring(bSettled)).doesNotContain("Entering");
            assertThat(m.log()).contains("invalid authentication HMAC from "
                    + injector.ip()).contains("unknown authentication key id 9 from " + injector.ip())
                    .contains("stale authentication trailer from " + injector.ip());
            assertThat(b.log()).contains("replayed authentication trailer from " + master.ip());
            assertThat(m.log() + b.log()).doesNotContain(KEY_1.substring(4)).doesNotContain("1111111111");
        }
    }

    @Test
    void keysRotateAcrossTwoHostsOneReloadAtATimeWithoutATransition() throws Exception {
        try (Lan lan = Lan.create("itahr", 2)) {
            Lan.Host master = lan.host(1), backup = lan.host(2);
            KeepwatchProcess m = lan.keepwatch(master, config("m", 200, 1, KEY_1));
            KeepwatchProcess b = lan.keepwatch(backup, config("b", 100, 1, KEY_1));
            lan.awaitOnlyHolder(master, VIP_ADDRESS, Lan.START_UP);
            b.awaitLog("INIT -> BACKUP", Lan.START_UP);
            PreemptionTest.assertHolderFor(lan, master, VIP_ADDRESS, MASTER_DOWN);
            int mSettled = m.log().length(), bSettled = b.log().length();

            int reloads = 0;
            // add key 2 everywhere, then sign with it everywhere, then drop key 1 everywhere
            String[][] steps = {{"1", KEY_1, KEY_2}, {"2", KEY_1, KEY_2}, {"2", null, KEY_2}};
            for (String[] step : steps) {
                reloads++;
                int active = Integer.parseInt(step[0]);
                for (var host : List.of(master, backup)) {
                    KeepwatchProcess daemon = host == master ? m : b;
                    lan.write(host.name() + ".conf", config(host == master ? "m" : "b", host == master ? 200 : 100,
                            active, step[1], step[2]));
                    reload(daemon, reloads);
                    PreemptionTest.assertHolderFor(lan, master, VIP_ADDRESS, MASTER_DOWN);
                }
            }
            // no transition on either host once settled, and no advert of the other refused
            assertThat(m.log().substring(mSettled)).doesNotContain("Entering").contains("reloaded ");
            assertThat(b.log().substring(bSettled)).doesNotContain("Entering").contains("reloaded ");
            assertThat(m.log().substring(mSettled) + b.log().substring(bSettled)).doesNotContain("authentication");
        }
    }

    private static void reload(KeepwatchProcess daemon, int n) throws Exception {
        daemon.signal("HUP");
        Pattern line = Pattern.compile("reloaded ");
        Deadline.await(n + " x 'reloaded'", SETTLE, () -> line.matcher(daemon.log()).results().count() >= n);
    }
}
