package io.keepwatch.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.keepwatch.control.ControlClient;
import io.keepwatch.control.ControlProtocol;
import io.keepwatch.control.DaemonStatus;
import io.keepwatch.control.StatusJson;
import io.keepwatch.testing.Deadline;
import io.keepwatch.testing.KeepalivedProcess;
import io.keepwatch.testing.KeepwatchProcess;
import io.keepwatch.testing.RequiresNetns;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * keepalived's unicast and advert options on the wire: {@code unicast_ttl} is the TTL of unicast
 * adverts, {@code mcast_dst_ip} their group; and which unicast adverts a backup hears, beside
 * keepalived 2.2.7 with the same file: any source unless {@code check_unicast_src} (or a peer's
 * {@code min_ttl}/{@code max_ttl}) asks for a listed peer within its TTL range.
 */
@RequiresNetns
class UnicastOptionsTest {

    private static final Duration SETTLE = Duration.ofSeconds(30);
    /**
     * Over twice the Master_Down_Interval at advert_int 0.5 (1.8 s): a backup that does not hear its
     * master has taken over by then.
     */
    private static final Duration STEADY = Duration.ofSeconds(4);

    private static InetAddress vip(int n) {
        return InetAddress.ofLiteral("10.77.0." + (100 + n));
    }

    private static VrrpConf instance(String name, int vrid, int priority, int vip, String... lines) {
        // advert_int 0.5: a loaded host that stalls a daemon for a few hundred milliseconds does not
        // make a backup that hears its master take over
        VrrpConf conf = VrrpConf.v3(name, vrid, priority).set("advert_int", "0.5").vip(vip(vip).getHostAddress() + "/24");
        for (String line : lines) {
            conf.line(line);
        }
        return conf;
    }

    private static String peers(String... addresses) {
        return "unicast_peer {\n" + java.util.Arrays.stream(addresses).map(a -> "    " + a + "\n")
                .collect(Collectors.joining()) + "  }";
    }

    @Test
    void unicastTtlAndMcastDstIpAreWhatTheWireCarries() throws Exception {
        try (Lan lan = Lan.create("ituo", 3)) {
            Lan.Host a = lan.host(1), b = lan.host(2), c = lan.host(3);
            Tshark capture = Tshark.capture(lan, lan.switchNs().name(), Lan.BRIDGE, "options");
            lan.keepwatch(a, VrrpConf.file("a",
                    instance("VI_U", 61, 200, 1, "unicast_src_ip " + a.ip(), peers(b.ip()), "unicast_ttl 64"),
                    instance("VI_M", 62, 200, 2, "mcast_dst_ip 224.0.0.99")));
            lan.awaitOnlyHolder(a, vip(1), SETTLE);
            lan.awaitOnlyHolder(a, vip(2), SETTLE);
            KeepwatchProcess backupB = lan.keepwatch(b, VrrpConf.file("b",
                    instance("VI_U", 61, 100, 1, "unicast_src_ip " + b.ip(), peers(a.ip()))));
            KeepwatchProcess backupC = lan.keepwatch(c, VrrpConf.file("c",
                    instance("VI_M", 62, 100, 2, "mcast_dst_ip 224.0.0.99")));
            // b hears TTL 64 unicast adverts, c the adverts to 224.0.0.99: a stays the only master (a
            // daemon still starting on a loaded host may take a VIP for a moment before it hears a)
            awaitHeard(backupB, "VI_U", a, 200);
            awaitHeard(backupC, "VI_M", a, 200);
            lan.awaitOnlyHolder(a, vip(1), SETTLE);
            lan.awaitOnlyHolder(a, vip(2), SETTLE);

            capture.awaitCaptured("vrrp && ip.src == " + a.ip() + " && ip.dst == " + b.ip(), SETTLE);
            capture.awaitCaptured("vrrp && ip.src == " + a.ip() + " && ip.dst == 224.0.0.99", SETTLE);
            Path pcap = capture.stop(SETTLE);
            List<List<String>> adverts = Tshark.fields(pcap, "vrrp && !icmp && ip.src == " + a.ip(), "ip.dst", "ip.ttl",
                    "vrrp.virt_rtr_id");
            assertThat(adverts).isNotEmpty().allSatisfy(f -> {
                if (f.get(2).equals("61")) {
                    assertThat(f.subList(0, 2)).as("unicast advert").containsExactly(b.ip(), "64");
                } else {
                    assertThat(f.subList(0, 2)).as("multicast advert").containsExactly("224.0.0.99", "255");
                }
            });
            assertThat(adverts).extracting(f -> f.get(0)).doesNotContain("224.0.0.18");
        }
    }

    /**
     * One keepalived sender (h1) and one keepwatch sender (h4); receivers h2 (keepwatch) and h3
     * (keepalived) run the same file. An instance whose adverts the receivers refuse has three
     * masters; one whose adverts they hear keeps its sender as the only master.
     */
    @Test
    void unicastSourcesAreHeardAsKeepalivedHearsThem() throws Exception {
        if (!KeepalivedProcess.available()) {
            if ("true".equals(System.getenv("CI"))) {
                throw new AssertionError("keepalived is not installed, and CI=true forbids skipping interoperability");
            }
            Assumptions.abort("keepalived is not installed");
        }
        try (Lan lan = Lan.create("ituk", 4)) {
            Lan.Host h1 = lan.host(1), h2 = lan.host(2), h3 = lan.host(3), h4 = lan.host(4);
            String stranger = "10.77.0.250";
            String receivers = VrrpConf.file("rx",
                    // A: h1 is not listed, nothing checks: heard
                    instance("VI_A", 71, 100, 1, peers(stranger)),
                    // B: h1 is not listed and check_unicast_src: refused
                    instance("VI_B", 72, 100, 2, peers(stranger), "check_unicast_src"),
                    // C: h1 is listed, but its TTL 64 is below min_ttl (which turns check_unicast_src on): refused
                    instance("VI_C", 73, 100, 3, peers(h1.ip() + " min_ttl 100")),
                    // D: h1 is listed and its TTL 64 is in range: heard
                    instance("VI_D", 74, 100, 4, peers(h1.ip() + " min_ttl 60 max_ttl 70")),
                    // E: keepwatch's TTL 64 in range of a checked peer: heard
                    instance("VI_E", 75, 100, 5, peers(h4.ip() + " min_ttl 60 max_ttl 70"), "check_unicast_src"));
            String sender = "unicast_ttl 64";
            KeepalivedProcess ka = lan.keepalived(h1, VrrpConf.file("h1",
                    instance("VI_A", 71, 200, 1, peers(h2.ip(), h3.ip()), sender),
                    instance("VI_B", 72, 200, 2, peers(h2.ip(), h3.ip()), sender),
                    instance("VI_C", 73, 200, 3, peers(h2.ip(), h3.ip()), sender),
                    instance("VI_D", 74, 200, 4, peers(h2.ip(), h3.ip()), sender)));
            lan.keepwatch(h4, VrrpConf.file("h4", instance("VI_E", 75, 200, 5, peers(h2.ip(), h3.ip()), sender)));
            for (int n = 1; n <= 4; n++) {
                lan.awaitOnlyHolder(h1, vip(n), SETTLE);
            }
            lan.awaitOnlyHolder(h4, vip(5), SETTLE);

            KeepwatchProcess kw = lan.keepwatch(h2, receivers);
            KeepalivedProcess peer = lan.keepalived(h3, receivers);
            // refused: both receivers take over
            awaitHolders(lan, vip(2), Set.of(h1, h2, h3));
            awaitHolders(lan, vip(3), Set.of(h1, h2, h3));
            awaitRejected(kw, "VI_B", "unicast_source");
            awaitRejected(kw, "VI_C", "ttl");
            // heard: keepwatch counts the sender as a peer, and ends as a backup (a daemon still
            // starting on a loaded host may take a VIP for a moment before it hears the master)
            awaitHeard(kw, "VI_A", h1, 200);
            awaitHeard(kw, "VI_D", h1, 200);
            awaitHeard(kw, "VI_E", h4, 200);
            lan.awaitOnlyHolder(h1, vip(1), SETTLE);
            lan.awaitOnlyHolder(h1, vip(4), SETTLE);
            lan.awaitOnlyHolder(h4, vip(5), SETTLE);
            // keepalived, whose start does not stall, never takes them: it has heard the same adverts
            Deadline steady = Deadline.after(STEADY);
            while (!steady.passed()) {
                for (int n : new int[] {1, 4, 5}) {
                    assertThat(lan.holds(h3, vip(n))).as("keepalived holds " + vip(n).getHostAddress()).isFalse();
                }
                steady.pause();
            }
            assertThat(peer.log()).doesNotContainPattern("\\((VI_A|VI_D|VI_E)\\) Entering MASTER");
            // both say why they refused
            peer.awaitLog("\\(VI_B\\) unicast source address " + h1.ip() + " not a unicast peer", SETTLE);
            peer.awaitLog("\\(VI_C\\) TTL/HL 64 not in range 100 - 255", SETTLE);
            kw.awaitLog("VI_B.*unicast source address " + h1.ip() + " is not a unicast peer", SETTLE);
            kw.awaitLog("VI_C.*TTL/hop limit 64 from " + h1.ip() + " not in range 100-255", SETTLE);
        }
    }

    /**
     * The instance's status, as {@code keepwatch status} reads it from the control socket; empty
     * while the daemon has not published it yet.
     */
    static java.util.Optional<DaemonStatus.Instance> status(KeepwatchProcess kw, String instance)
            throws Exception {
        ControlClient.Reply reply;
        try {
            reply = ControlClient.send(kw.controlSocket(), ControlProtocol.Command.STATUS);
        } catch (java.io.IOException e) {
            return java.util.Optional.empty(); // the control socket is not there yet
        }
        assertThat(reply.ok()).as(reply.message()).isTrue();
        return StatusJson.read(reply.body()).instances().stream().filter(i -> i.name().equals(instance)).findFirst();
    }

    /** Waits until {@code kw}'s {@code instance} has accepted an advert from {@code sender} at {@code priority}. */
    static void awaitHeard(KeepwatchProcess kw, String instance, Lan.Host sender, int priority)
            throws Exception {
        Deadline deadline = Deadline.after(SETTLE);
        while (true) {
            if (status(kw, instance).filter(i -> i.peers().stream()
                    .anyMatch(p -> p.address().equals(sender.ip()) && p.priority() == priority)).isPresent()) {
                return;
            }
            if (deadline.passed()) {
                throw new AssertionError("(" + instance + ") never heard " + sender + " at priority " + priority
                        + ":\n" + kw.log());
            }
            deadline.pause();
        }
    }

    /** Waits until {@code kw}'s {@code instance} has rejected an advert for {@code reason}, and heard no peer. */
    static void awaitRejected(KeepwatchProcess kw, String instance, String reason) throws Exception {
        Deadline deadline = Deadline.after(SETTLE);
        while (status(kw, instance).map(i -> i.counters().rejected().getOrDefault(reason, 0L)).orElse(0L) == 0) {
            if (deadline.passed()) {
                throw new AssertionError("(" + instance + ") rejected nothing for " + reason + ":\n" + kw.log());
            }
            deadline.pause();
        }
        assertThat(status(kw, instance).orElseThrow().peers()).as(instance + " peers heard").isEmpty();
    }

    static void awaitHolders(Lan lan, InetAddress vip, Set<Lan.Host> expected) throws InterruptedException {
        Deadline deadline = Deadline.after(SETTLE);
        while (!Set.copyOf(lan.holders(vip)).equals(expected)) {
            if (deadline.passed()) {
                throw new AssertionError("timed out waiting for " + expected + " to hold " + vip.getHostAddress()
                        + "; holders now " + lan.holders(vip) + "\n" + lan.logs());
            }
            deadline.pause();
        }
    }
}
