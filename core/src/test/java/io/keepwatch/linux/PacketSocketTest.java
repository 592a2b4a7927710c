package io.keepwatch.linux;

import static org.assertj.core.api.Assertions.assertThat;

import io.keepwatch.testing.NetNs;
import io.keepwatch.testing.RequiresNetns;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.time.Duration;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

@RequiresNetns
class PacketSocketTest {
    private static final Duration WAIT = Duration.ofSeconds(5);

    @Test
    void gratuitousArpSentInOneNamespaceArrivesByteForByteInTheOther() throws Exception {
        try (NetNs lab = NetNs.create("lx")) {
            NetNs.Namespace a = lab.namespace("a");
            NetNs.Namespace b = lab.namespace("b");
            lab.veth(a, "eth0", b, "eth0");
            try (PacketSocket sender = a.call(() -> PacketSocket.openForSending("eth0"));
                 PacketSocket capture = b.call(() -> PacketSocket.open("eth0", Constants.ETH_P_ARP))) {
                HardwareAddress mac = sender.macAddress();
                byte[] frame = TestPackets.gratuitousArp(mac.bytes(), (Inet4Address) InetAddress.getByName("10.66.0.9"));

                sender.send(frame);

                byte[] received = null;
                long deadline = System.nanoTime() + WAIT.toNanos();
                while (received == null && System.nanoTime() < deadline) {
                    received = capture.receive(Duration.ofMillis(500)).filter(f -> Arrays.equals(f, frame)).orElse(null);
                }
                assertThat(received).as("the frame as sent").isEqualTo(frame);
            }
        }
    }

    @Test
    void unsolicitedNeighbourAdvertisementArrivesByteForByte() throws Exception {
        try (NetNs lab = NetNs.create("lx")) {
            NetNs.Namespace a = lab.namespace("a");
            NetNs.Namespace b = lab.namespace("b");
            lab.veth(a, "eth0", b, "eth0");
            try (PacketSocket sender = a.call(() -> PacketSocket.openForSending("eth0"));
                 PacketSocket capture = b.call(() -> PacketSocket.open("eth0", Constants.ETH_P_IPV6))) {
                byte[] frame = TestPackets.unsolicitedNa(sender.macAddress().bytes(),
                        (Inet6Address) InetAddress.getByName("fe80::1"), (Inet6Address) InetAddress.getByName("fd66::9"));

                sender.send(frame);

                // b's own IPv6 chatter (router solicitations, MLD) arrives too: look for ours.
                byte[] received = null;
                long deadline = System.nanoTime() + WAIT.toNanos();
                while (received == null && System.nanoTime() < deadline) {
                    received = capture.receive(Duration.ofMillis(500)).filter(f -> Arrays.equals(f, frame)).orElse(null);
                }
                assertThat(received).as("the frame as sent").isEqualTo(frame);
            }
        }
    }

    @Test
    void macAddressMatchesIpLink() throws Exception {
        try (NetNs lab = NetNs.create("lx")) {
            NetNs.Namespace a = lab.namespace("a");
            NetNs.Namespace b = lab.namespace("b");
            lab.veth(a, "eth0", b, "eth0");
            try (PacketSocket socket = a.call(() -> PacketSocket.openForSending("eth0"))) {
                assertThat(socket.macAddress()).isEqualTo(HardwareAddress.parse(a.macAddress("eth0")));
                assertThat(socket.macAddress().toString()).isEqualTo(a.macAddress("eth0"));
                assertThat(socket.ifIndex()).isEqualTo(a.ifIndex("eth0"));
            }
        }
    }
}
