package io.keepwatch.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

@RequiresNetns
class NetNsTest {

    private static boolean namespaceExists(String name) {
        return Files.exists(Path.of("/var/run/netns", name));
    }

    @Test
    void closeDeletesNamespacesAndKillsStartedProcesses() throws Exception {
        String name;
        ProcessHandle sleeper;
        try (NetNs lab = NetNs.create("lx")) {
            NetNs.Namespace a = lab.namespace("a");
            name = a.name();
            assertThat(name).startsWith("kw-lx-").endsWith("-a");
            assertThat(namespaceExists(name)).isTrue();
            sleeper = lab.start(a, "sleep", "600").toHandle();
            assertThat(sleeper.isAlive()).isTrue();
        }
        assertThat(namespaceExists(name)).isFalse();
        assertThat(sleeper.onExit().get().isAlive()).isFalse();
    }

    @Test
    void closeRunsEvenWhenTheTestFails() {
        String[] name = new String[1];
        assertThatThrownBy(() -> {
            try (NetNs lab = NetNs.create("lx")) {
                name[0] = lab.namespace("a").name();
                throw new IllegalStateException("test body failed");
            }
        }).hasMessage("test body failed");
        assertThat(namespaceExists(name[0])).isFalse();
    }

    @Test
    void javaCodeRunsInsideTheNamespaceOnAPlatformThread() throws Exception {
        try (NetNs lab = NetNs.create("lx")) {
            NetNs.Namespace a = lab.namespace("a");
            Object inode = Files.getAttribute(Path.of("/var/run/netns", a.name()), "unix:ino");
            String inside = a.call(() -> Files.readSymbolicLink(Path.of("/proc/thread-self/ns/net")).toString());
            boolean virtual = a.call(() -> Thread.currentThread().isVirtual());
            assertThat(inside).isEqualTo("net:[" + inode + "]");
            assertThat(virtual).isFalse();
            assertThat(Files.readSymbolicLink(Path.of("/proc/thread-self/ns/net")).toString())
                    .as("the test thread stays where it was").isNotEqualTo(inside);
        }
    }

    @Test
    void hostsOnABridgeReachEachOtherAndNothingElse() throws Exception {
        try (NetNs lab = NetNs.create("lx")) {
            NetNs.Namespace sw = lab.switchNamespace("sw", "br0");
            NetNs.Namespace h1 = lab.namespace("h1");
            NetNs.Namespace h2 = lab.namespace("h2");
            lab.plug(h1, "eth0", sw, "br0", "p1");
            lab.plug(h2, "eth0", sw, "br0", "p2");
            h1.addAddress("eth0", "10.79.0.1/24");
            h2.addAddress("eth0", "10.79.0.2/24");

            // Sockets belong to the namespace of the thread that creates them, JDK sockets included.
            try (DatagramSocket receiver = h2.call(() -> new DatagramSocket(new InetSocketAddress("10.79.0.2", 9999)));
                 DatagramSocket sender = h1.call(DatagramSocket::new)) {
                receiver.setSoTimeout(5000);
                byte[] hello = "hello".getBytes(StandardCharsets.US_ASCII);
                sender.send(new DatagramPacket(hello, hello.length, new InetSocketAddress("10.79.0.2", 9999)));
                DatagramPacket got = new DatagramPacket(new byte[16], 16);
                receiver.receive(got);
                assertThat(got.getAddress()).isEqualTo(InetAddress.getByName("10.79.0.1"));
                assertThat(new String(got.getData(), 0, got.getLength(), StandardCharsets.US_ASCII)).isEqualTo("hello");
            }
            assertThat(h1.exec("ip", "route")).doesNotContain("default");
            assertThatThrownBy(() -> h1.exec("ip", "link", "set", "nosuch0", "up"))
                    .hasMessageContaining("nosuch0").hasMessageContaining("failed");
        }
    }

    @Test
    void addressWatchSeesAddressesComeAndGoAndLinksCutAndRestored() throws Exception {
        try (NetNs lab = NetNs.create("lx")) {
            NetNs.Namespace a = lab.namespace("a");
            NetNs.Namespace b = lab.namespace("b");
            lab.veth(a, "eth0", b, "eth0");
            try (AddressWatch watch = AddressWatch.open(a)) {
                a.addAddress("eth0", "10.80.0.1/24");
                watch.awaitPresent("eth0", InetAddress.getByName("10.80.0.1"), Duration.ofSeconds(5));
                a.exec("ip", "addr", "del", "10.80.0.1/24", "dev", "eth0");
                watch.awaitAbsent("eth0", InetAddress.getByName("10.80.0.1"), Duration.ofSeconds(5));

                b.linkDown("eth0");
                watch.awaitLink("eth0", l -> !l.isLowerUp(), "without carrier", Duration.ofSeconds(5));
                b.linkUp("eth0");
                watch.awaitLink("eth0", l -> l.isLowerUp(), "with carrier", Duration.ofSeconds(5));

                assertThatThrownBy(() -> watch.awaitPresent("eth0", InetAddress.getByName("10.80.0.99"),
                        Duration.ofMillis(100))).isInstanceOf(AssertionError.class).hasMessageContaining("10.80.0.99");
            }
        }
    }
}
