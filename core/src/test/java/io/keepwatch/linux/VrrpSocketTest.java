package io.keepwatch.linux;

import static org.assertj.core.api.Assertions.assertThat;

import io.keepwatch.testing.NetNs;
import io.keepwatch.testing.RequiresNetns;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

@RequiresNetns
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class VrrpSocketTest {
    private static final Duration WAIT = Duration.ofSeconds(5);
    /** How long a datagram waits unread in the receive-time tests. */
    private static final Duration QUEUED = Duration.ofMillis(100);

    private NetNs lab;
    private NetNs.Namespace a;
    private NetNs.Namespace b;
    private final Inet4Address a4 = v4("10.77.0.1");
    private final Inet4Address b4 = v4("10.77.0.2");
    private final Inet6Address a6 = v6("fd77::1");
    private final Inet6Address b6 = v6("fd77::2");

    @BeforeAll
    void createNetwork() {
        lab = NetNs.create("lx");
        try {
            a = lab.namespace("a");
            b = lab.namespace("b");
            lab.veth(a, "eth0", b, "eth0");
            a.addAddress("eth0", "10.77.0.1/24");
            b.addAddress("eth0", "10.77.0.2/24");
            a.addAddress("eth0", "fd77::1/64");
            b.addAddress("eth0", "fd77::2/64");
        } catch (RuntimeException e) {
            lab.close();
            throw e;
        }
    }

    @AfterAll
    void deleteNetwork() {
        lab.close();
    }

    static Inet4Address v4(String text) {
        try {
            return (Inet4Address) InetAddress.getByName(text);
        } catch (java.net.UnknownHostException e) {
            throw new IllegalArgumentException(e);
        }
    }

    static Inet6Address v6(String text) {
        try {
            return (Inet6Address) InetAddress.getByName(text);
        } catch (java.net.UnknownHostException e) {
            throw new IllegalArgumentException(e);
        }
    }

    private static ReceivedDatagram receiveMatching(VrrpSocket socket, byte[] vrrpPacket, int offset) throws Exception {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            var got = socket.receive(Duration.ofNanos(Math.max(1_000_000, deadline - System.nanoTime())));
            if (got.isPresent() && got.get().data().length == offset + vrrpPacket.length
                    && got.get().data()[offset + 1] == vrrpPacket[1]) {
                return got.get();
            }
        }
        throw new AssertionError("no VRRP packet for vrid " + vrrpPacket[1] + " within " + WAIT);
    }

    @Test
    void ipv4MulticastAdvertArrivesWithTtl255DestinationAndInterface() throws Exception {
        try (Vrrp4Socket receiver = b.call(() -> Vrrp4Socket.open("eth0", true));
             Vrrp4Socket sender = a.call(() -> Vrrp4Socket.open("eth0", true))) {
            byte[] advert = TestPackets.vrrpAdvert(51, 150, v4("10.77.0.100"), a4, Vrrp4Socket.VRRP_GROUP);
            byte[] datagram = TestPackets.ipv4(a4, Vrrp4Socket.VRRP_GROUP, advert);

            sender.send(datagram, Vrrp4Socket.VRRP_GROUP);
            ReceivedDatagram got = receiveMatching(receiver, advert, 20);

            assertThat(got.data()).isEqualTo(datagram);
            assertThat(got.source()).isEqualTo(a4);
            assertThat(got.destination()).isEqualTo(Vrrp4Socket.VRRP_GROUP);
            assertThat(got.ttlOrHopLimit()).isEqualTo(255);
            assertThat(got.ifIndex()).isEqualTo(b.ifIndex("eth0"));
            assertThat(sender.receive(Duration.ofMillis(200))).as("multicast loop is off").isEmpty();
        }
    }

    @Test
    void aDatagramCarriesTheTimeTheKernelReceivedItNotTheTimeItWasRead() throws Exception {
        try (Vrrp4Socket receiver = b.call(() -> Vrrp4Socket.open("eth0", true));
             Vrrp4Socket sender = a.call(() -> Vrrp4Socket.open("eth0", true))) {
            byte[] advert = TestPackets.vrrpAdvert(60, 150, v4("10.77.0.120"), a4, Vrrp4Socket.VRRP_GROUP);
            assertReceivedAtTheKernelsTime(
                    () -> sender.send(TestPackets.ipv4(a4, Vrrp4Socket.VRRP_GROUP, advert), Vrrp4Socket.VRRP_GROUP),
                    () -> receiveMatching(receiver, advert, 20));
        }
    }

    @Test
    void ipv6DatagramsCarryTheKernelsReceiveTimeToo() throws Exception {
        try (Vrrp6Socket receiver = b.call(() -> Vrrp6Socket.open("eth0", false));
             Vrrp6Socket sender = a.call(() -> Vrrp6Socket.open("eth0", false))) {
            byte[] advert = TestPackets.vrrpAdvert(61, 100, v6("fd77::121"), a6, b6);
            assertReceivedAtTheKernelsTime(() -> sender.send(advert, b6, a6), () -> receiveMatching(receiver, advert, 0));
        }
    }

    /** A send whose datagram is read only after waiting {@link #QUEUED}. */
    @FunctionalInterface
    private interface Send {
        void run() throws Exception;
    }

    private static void assertReceivedAtTheKernelsTime(Send send, java.util.concurrent.Callable<ReceivedDatagram> receive)
            throws Exception {
        long beforeSend = System.nanoTime();
        send.run();
        // The datagram's age is what is tested: it waits in the socket while no one reads.
        Thread.sleep(QUEUED.toMillis());
        long beforeRead = System.nanoTime();

        ReceivedDatagram got = receive.call();

        assertThat(got.receivedNanos()).isBetween(beforeSend, beforeRead - QUEUED.toNanos() / 2);
    }

    @Test
    void ipv6MulticastAdvertArrivesWithHopLimit255AndKernelChecksum() throws Exception {
        Inet6Address aLinkLocal = a.call(() -> {
            try (RtNetlink nl = RtNetlink.open()) {
                return (Inet6Address) nl.addresses("eth0").stream()
                        .map(IfAddress::address).filter(InetAddress::isLinkLocalAddress).findFirst().orElseThrow();
            }
        });
        try (Vrrp6Socket receiver = b.call(() -> Vrrp6Socket.open("eth0", true));
             Vrrp6Socket sender = a.call(() -> Vrrp6Socket.open("eth0", true))) {
            byte[] advert = TestPackets.vrrpAdvert(52, 200, v6("fd77::100"), aLinkLocal, Vrrp6Socket.VRRP_GROUP);
            byte[] unsummed = advert.clone();
            unsummed[6] = 0;
            unsummed[7] = 0;

            sender.send(unsummed, Vrrp6Socket.VRRP_GROUP, aLinkLocal);
            ReceivedDatagram got = receiveMatching(receiver, advert, 0);

            assertThat(got.data()).as("kernel filled the checksum at offset 6").isEqualTo(advert);
            assertThat(TestPackets.vrrpChecksumValid(got.data(), aLinkLocal, Vrrp6Socket.VRRP_GROUP)).isTrue();
            assertThat(got.source()).isEqualTo(aLinkLocal);
            assertThat(((Inet6Address) got.source()).getScopeId()).isEqualTo(b.ifIndex("eth0"));
            assertThat(got.destination()).isEqualTo(Vrrp6Socket.VRRP_GROUP);
            assertThat(got.ttlOrHopLimit()).isEqualTo(255);
            assertThat(got.ifIndex()).isEqualTo(b.ifIndex("eth0"));
        }
    }

    @Test
    void ipv4UnicastPeerReceivesWithoutJoiningTheGroup() throws Exception {
        try (Vrrp4Socket receiver = b.call(() -> Vrrp4Socket.open("eth0", false));
             Vrrp4Socket sender = a.call(() -> Vrrp4Socket.open("eth0", false))) {
            byte[] advert = TestPackets.vrrpAdvert(53, 100, v4("10.77.0.101"), a4, b4);
            byte[] datagram = TestPackets.ipv4(a4, b4, advert);

            sender.send(datagram, b4);
            ReceivedDatagram got = receiveMatching(receiver, advert, 20);

            assertThat(got.data()).isEqualTo(datagram);
            assertThat(got.source()).isEqualTo(a4);
            assertThat(got.destination()).isEqualTo(b4);
            assertThat(got.ttlOrHopLimit()).isEqualTo(255);
        }
    }

    @Test
    void ipv6UnicastPeerReceivesFromTheChosenGlobalSource() throws Exception {
        try (Vrrp6Socket receiver = b.call(() -> Vrrp6Socket.open("eth0", false));
             Vrrp6Socket sender = a.call(() -> Vrrp6Socket.open("eth0", false))) {
            byte[] advert = TestPackets.vrrpAdvert(54, 100, v6("fd77::101"), a6, b6);

            sender.send(advert, b6, a6);
            ReceivedDatagram got = receiveMatching(receiver, advert, 0);

            assertThat(got.data()).isEqualTo(advert);
            assertThat(got.source()).isEqualTo(a6);
            assertThat(got.destination()).isEqualTo(b6);
            assertThat(got.ttlOrHopLimit()).isEqualTo(255);
        }
    }

    @Test
    void ipv4SendsOfDifferentLengthsToDifferentDestinationsArriveWhole() throws Exception {
        // One native buffer and one address per destination serve every send: a short datagram after
        // a long one must not carry the long one's tail, nor go where the previous one went.
        try (Vrrp4Socket receiver = b.call(() -> Vrrp4Socket.open("eth0", true));
             Vrrp4Socket sender = a.call(() -> Vrrp4Socket.open("eth0", true))) {
            byte[] longAdvert = TestPackets.vrrpAdvert(56, 100,
                    List.of(v4("10.77.0.110"), v4("10.77.0.111"), v4("10.77.0.112")), a4, Vrrp4Socket.VRRP_GROUP);
            byte[] shortAdvert = TestPackets.vrrpAdvert(57, 100, v4("10.77.0.113"), a4, b4);
            byte[] longDatagram = TestPackets.ipv4(a4, Vrrp4Socket.VRRP_GROUP, longAdvert);
            byte[] shortDatagram = TestPackets.ipv4(a4, b4, shortAdvert);

            sender.send(longDatagram, Vrrp4Socket.VRRP_GROUP);
            sender.send(shortDatagram, b4);
            ReceivedDatagram first = receiveMatching(receiver, longAdvert, 20);
            ReceivedDatagram second = receiveMatching(receiver, shortAdvert, 20);

            assertThat(first.data()).isEqualTo(longDatagram);
            assertThat(first.destination()).isEqualTo(Vrrp4Socket.VRRP_GROUP);
            assertThat(second.data()).isEqualTo(shortDatagram);
            assertThat(second.destination()).isEqualTo(b4);
        }
    }

    @Test
    void ipv6SendsOfDifferentLengthsFromDifferentSourcesArriveWhole() throws Exception {
        try (Vrrp6Socket receiver = b.call(() -> Vrrp6Socket.open("eth0", false));
             Vrrp6Socket sender = a.call(() -> Vrrp6Socket.open("eth0", false))) {
            byte[] longAdvert = TestPackets.vrrpAdvert(58, 100,
                    List.of(v6("fd77::110"), v6("fd77::111"), v6("fd77::112")), a6, b6);
            byte[] shortAdvert = TestPackets.vrrpAdvert(59, 100, v6("fd77::113"), a6, b6);

            sender.send(longAdvert, b6, a6);
            sender.send(shortAdvert, b6, null); // the kernel's source: fd77::1 on this link too
            ReceivedDatagram first = receiveMatching(receiver, longAdvert, 0);
            ReceivedDatagram second = receiveMatching(receiver, shortAdvert, 0);

            assertThat(first.data()).isEqualTo(longAdvert);
            assertThat(second.data()).isEqualTo(shortAdvert);
            assertThat(second.source()).isEqualTo(a6);
        }
    }

    @Test
    void ipv6ChecksumIsAlwaysComputedByTheKernel() throws Exception {
        try (Vrrp6Socket receiver = b.call(() -> Vrrp6Socket.open("eth0", false));
             Vrrp6Socket sender = a.call(() -> Vrrp6Socket.open("eth0", false))) {
            byte[] advert = TestPackets.vrrpAdvert(55, 100, v6("fd77::102"), a6, b6);
            // A socket without IPV6_CHECKSUM would send this as is; ours recomputes it, so it must arrive.
            byte[] garbage = Arrays.copyOf(advert, advert.length);
            garbage[6] = 0x12;
            garbage[7] = 0x34;
            sender.send(garbage, b6, a6);
            assertThat(receiveMatching(receiver, advert, 0).data()).isEqualTo(advert);
        }
    }

    @Test
    void multicastOverABridgeReachesEveryHost() throws Exception {
        try (NetNs bridged = NetNs.create("lx")) {
            NetNs.Namespace sw = bridged.switchNamespace("sw", "br0");
            NetNs.Namespace h1 = bridged.namespace("h1");
            NetNs.Namespace h2 = bridged.namespace("h2");
            NetNs.Namespace h3 = bridged.namespace("h3");
            bridged.plug(h1, "eth0", sw, "br0", "p1");
            bridged.plug(h2, "eth0", sw, "br0", "p2");
            bridged.plug(h3, "eth0", sw, "br0", "p3");
            h1.addAddress("eth0", "10.78.0.1/24");
            Inet4Address src = v4("10.78.0.1");
            try (Vrrp4Socket s1 = h1.call(() -> Vrrp4Socket.open("eth0", true));
                 Vrrp4Socket s2 = h2.call(() -> Vrrp4Socket.open("eth0", true));
                 Vrrp4Socket s3 = h3.call(() -> Vrrp4Socket.open("eth0", true))) {
                byte[] advert = TestPackets.vrrpAdvert(56, 100, v4("10.78.0.100"), src, Vrrp4Socket.VRRP_GROUP);
                byte[] datagram = TestPackets.ipv4(src, Vrrp4Socket.VRRP_GROUP, advert);
                s1.send(datagram, Vrrp4Socket.VRRP_GROUP);
                assertThat(receiveMatching(s2, advert, 20).data()).isEqualTo(datagram);
                assertThat(receiveMatching(s3, advert, 20).data()).isEqualTo(datagram);
            }
        }
    }

    @Test
    void openingOnAMissingInterfaceNamesIt() {
        var thrown = org.assertj.core.api.Assertions.catchThrowableOfType(NativeException.class,
                () -> a.call(() -> Vrrp4Socket.open("nosuch0", true)));
        assertThat(thrown.errno()).isEqualTo(Errno.ENODEV);
        assertThat(thrown).hasMessageContaining("nosuch0").hasMessageContaining("ENODEV");
    }
}
