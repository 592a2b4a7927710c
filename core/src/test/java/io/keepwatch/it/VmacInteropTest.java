package io.keepwatch.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.keepwatch.linux.PacketSocket;
import io.keepwatch.testing.Deadline;
import io.keepwatch.testing.KeepalivedProcess;
import io.keepwatch.testing.KeepwatchProcess;
import io.keepwatch.testing.NetNs;
import io.keepwatch.testing.RequiresNetns;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * A keepwatch master and a keepalived backup, both with use_vmac: a third host on the LAN resolves
 * the VIP to the virtual router MAC, the master's adverts leave from that MAC, and when keepwatch
 * stops and keepalived takes over, the third host's neighbour entry keeps the same MAC (RFC 5798
 * section 7.3: hosts need not learn anything new on failover).
 */
@RequiresNetns
class VmacInteropTest {

    private static final String VIP = "10.77.0.100";
    private static final String VIRTUAL_MAC = "00:00:5e:00:01:2a";
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final int ETH_P_ARP = 0x0806;

    private static String config(int priority) {
        return VrrpConf.v3("VI_1", 42, priority).line("use_vmac").vip(VIP + "/24").file("r" + priority);
    }

    /** {@code host}'s neighbour entry for the VIP. */
    private static String neighbour(NetNs.Namespace host) {
        return host.exec("ip", "neigh", "show", VIP, "dev", "eth0");
    }

    /**
     * arping: an ARP request for the VIP from {@code host}'s eth0, and the sender MAC of the first
     * reply for it within a second; empty when none came. Plain ARP and nothing else, so that no
     * other traffic (an ICMP error from the VIP leaving by another interface, say) tells the host
     * anything about the VIP.
     */
    private static Optional<String> arping(Lan.Host host) throws Exception {
        return host.ns().call(() -> {
            try (PacketSocket socket = PacketSocket.open("eth0", ETH_P_ARP)) {
                byte[] mac = socket.macAddress().bytes();
                ByteBuffer f = ByteBuffer.allocate(42);
                f.put(new byte[] {-1, -1, -1, -1, -1, -1}).put(mac).putShort((short) ETH_P_ARP)
                        .putShort((short) 1).putShort((short) 0x0800).put((byte) 6).put((byte) 4).putShort((short) 1)
                        .put(mac).put(InetAddress.ofLiteral(host.ip()).getAddress()).put(new byte[6])
                        .put(InetAddress.ofLiteral(VIP).getAddress());
                socket.send(f.array());
                Deadline deadline = Deadline.after(Duration.ofSeconds(1));
                while (!deadline.passed()) {
                    Optional<byte[]> frame = socket.receive(Duration.ofMillis(100));
                    if (frame.isPresent() && isReplyFromVip(frame.get())) {
                        return Optional.of(HexFormat.ofDelimiter(":").formatHex(frame.get(), 22, 28));
                    }
                }
                return Optional.empty();
            }
        });
    }

    private static boolean isReplyFromVip(byte[] frame) {
        ByteBuffer f = ByteBuffer.wrap(frame);
        return frame.length >= 42 && (f.getShort(12) & 0xFFFF) == ETH_P_ARP && f.getShort(20) == 2
                && Arrays.equals(frame, 28, 32, InetAddress.ofLiteral(VIP).getAddress(), 0, 4);
    }

    /** Waits until the VIP's holder answers ARP, and returns the MAC it answers with. */
    private static String awaitArpReply(Lan.Host host) throws Exception {
        Deadline deadline = Deadline.after(WAIT);
        while (true) {
            Optional<String> mac = arping(host);
            if (mac.isPresent()) {
                return mac.get();
            }
            if (deadline.passed()) {
                throw new AssertionError("no ARP reply for " + VIP + " to " + host + " within " + WAIT);
            }
        }
    }

    @Test
    void theVipKeepsTheVirtualMacAcrossAFailoverToKeepalived() throws Exception {
        if (!KeepalivedProcess.available()) {
            if ("true".equals(System.getenv("CI"))) {
                throw new AssertionError("keepalived is not installed, and CI=true forbids skipping interoperability");
            }
            Assumptions.abort("keepalived is not installed");
        }
        Tshark.require();
        try (Lan lan = Lan.create("vmaci", 3)) {
            Lan.Host kw = lan.host(1), ka = lan.host(2), observer = lan.host(3);
            InetAddress vip = InetAddress.ofLiteral(VIP);
            KeepwatchProcess ours = lan.keepwatch(kw, config(200));
            KeepalivedProcess theirs = lan.keepalived(ka, config(100));
            lan.awaitOnlyHolder(kw, vip, Lan.START_UP);
            theirs.awaitLog("\\(VI_1\\) Entering BACKUP STATE", Lan.START_UP);
            assertThat(ka.ns().exec("ip", "-d", "link", "show", "vrrp.42")).contains("link/ether " + VIRTUAL_MAC)
                    .contains("macvlan mode private");

            // the master's adverts leave from the virtual MAC (the capture runs before they are looked for)
            Tshark capture = Tshark.capture(lan, observer.ns().name(), "eth0", "adverts");
            capture.awaitCaptured("vrrp && ip.src == 10.77.0.1", WAIT);
            Path pcap = capture.stop(WAIT);
            List<List<String>> sources = Tshark.fields(pcap, "vrrp && ip.src == 10.77.0.1", "eth.src");
            assertThat(sources).isNotEmpty().allSatisfy(f -> assertThat(f).containsExactly(VIRTUAL_MAC));

            // the observer takes entries from ARP replies it did not ask for (arp_accept), so arping fills its table
            observer.ns().exec("sysctl", "-q", "-w", "net.ipv4.conf.eth0.arp_accept=1");
            assertThat(awaitArpReply(observer)).isEqualTo(VIRTUAL_MAC);
            Deadline.await("the VIP in the observer's neighbour table", WAIT,
                    () -> neighbour(observer.ns()).contains("lladdr " + VIRTUAL_MAC));

            // keepwatch stops; keepalived takes the VIP over on its own VMAC, with the same MAC
            ours.signal("TERM");
            assertThat(ours.awaitExit(WAIT)).isZero();
            lan.awaitOnlyHolder(ka, vip, WAIT);
            theirs.awaitLog("\\(VI_1\\) Entering MASTER STATE", WAIT);
            assertThat(neighbour(observer.ns())).contains("lladdr " + VIRTUAL_MAC);

            // asked afresh, keepalived's VMAC answers with the same MAC
            observer.ns().exec("ip", "neigh", "flush", "dev", "eth0");
            assertThat(awaitArpReply(observer)).isEqualTo(VIRTUAL_MAC);
            Deadline.await("the VIP in the observer's neighbour table again", WAIT,
                    () -> neighbour(observer.ns()).contains("lladdr " + VIRTUAL_MAC));
            assertThat(kw.ns().exec("ip", "-o", "link", "show")).doesNotContain("vrrp.42");
        }
    }
}
