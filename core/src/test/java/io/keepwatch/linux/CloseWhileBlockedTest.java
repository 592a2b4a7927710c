package io.keepwatch.linux;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.keepwatch.testing.NetNs;
import io.keepwatch.testing.RequiresNetns;
import java.io.IOException;
import java.nio.channels.AsynchronousCloseException;
import java.nio.channels.ClosedChannelException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

@RequiresNetns
class CloseWhileBlockedTest {
    private static final Duration WAIT = Duration.ofSeconds(5);

    @FunctionalInterface
    interface Receive {
        void run() throws IOException;
    }

    /**
     * Open sockets and eventfds of this process: what the native layer opens. Other descriptors
     * (jars, process pipes) come and go with the JVM and would make the count flaky.
     */
    private static long openFds() throws IOException {
        try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
            return fds.map(fd -> {
                try {
                    return Files.readSymbolicLink(fd).toString();
                } catch (IOException gone) {
                    return ""; // closed while listing (e.g. the listing's own descriptor)
                }
            }).filter(target -> target.startsWith("socket:") || target.contains("eventfd")).count();
        }
    }

    private static void await(String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.onSpinWait();
        }
    }

    private static boolean blockedInPoll(Thread t) {
        return Arrays.stream(t.getStackTrace()).anyMatch(f -> f.getMethodName().equals("awaitReadable"));
    }

    /** Blocks a platform thread in {@code receive}, closes {@code closer}, expects a prompt closed indication. */
    private static void assertCloseWakesReceiver(Receive receive, AutoCloseable closer) throws Exception {
        CompletableFuture<Throwable> outcome = new CompletableFuture<>();
        Thread receiver = Threads.startPlatformDaemon("blocked-receiver", () -> {
            try {
                receive.run();
                outcome.complete(null);
            } catch (Throwable t) {
                outcome.complete(t);
            }
        });
        await("the receiver to block in poll", () -> blockedInPoll(receiver));

        long start = System.nanoTime();
        closer.close();
        Throwable thrown = outcome.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);

        assertThat(thrown).isInstanceOf(AsynchronousCloseException.class);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));
        assertThat(receiver.join(WAIT)).isTrue();
    }

    @Test
    void closingWakesBlockedReceiversAndLeaksNoDescriptor() throws Exception {
        try (NetNs lab = NetNs.create("lx")) {
            NetNs.Namespace a = lab.namespace("a");
            NetNs.Namespace b = lab.namespace("b");
            lab.veth(a, "eth0", b, "eth0");
            long before = openFds();

            Vrrp4Socket v4 = a.call(() -> Vrrp4Socket.open("eth0", true));
            assertCloseWakesReceiver(v4::receive, v4);
            Vrrp6Socket v6 = a.call(() -> Vrrp6Socket.open("eth0", true));
            assertCloseWakesReceiver(v6::receive, v6);
            PacketSocket packet = a.call(() -> PacketSocket.open("eth0", Constants.ETH_P_ARP));
            assertCloseWakesReceiver(packet::receive, packet);
            NetlinkSocket netlink = a.call(() -> NetlinkSocket.open(Constants.RTMGRP_LINK, ReceiveBuffer.DEFAULT));
            assertCloseWakesReceiver(() -> netlink.receive(-1), netlink);

            assertThat(openFds()).as("descriptors after closing").isEqualTo(before);
            byte[] datagram = new byte[40];
            datagram[0] = 0x45;
            assertThatThrownBy(() -> v4.send(datagram, Vrrp4Socket.VRRP_GROUP))
                    .isInstanceOf(ClosedChannelException.class);
            assertThatThrownBy(v6::receive).isInstanceOf(ClosedChannelException.class);
            v4.close(); // idempotent
        }
    }

    @Test
    void closeRacingReceiveAlwaysEndsCleanly() throws Exception {
        try (NetNs lab = NetNs.create("lx")) {
            NetNs.Namespace a = lab.namespace("a");
            long before = openFds();
            for (int i = 0; i < 300; i++) {
                NetlinkSocket socket = a.call(() -> NetlinkSocket.open(Constants.RTMGRP_LINK, ReceiveBuffer.DEFAULT));
                CompletableFuture<Throwable> outcome = new CompletableFuture<>();
                Thread receiver = Threads.startPlatformDaemon("racing-receiver", () -> {
                    try {
                        socket.receive(-1);
                        outcome.complete(null);
                    } catch (Throwable t) {
                        outcome.complete(t);
                    }
                });
                if (i % 2 == 0) {
                    Thread.onSpinWait(); // vary who wins: close before, during or after the receiver's acquire
                }
                socket.close();
                assertThat(outcome.get(WAIT.toMillis(), TimeUnit.MILLISECONDS))
                        .as("round %d", i).isInstanceOf(ClosedChannelException.class);
                assertThat(receiver.join(WAIT)).isTrue();
            }
            assertThat(openFds()).isEqualTo(before);
        }
    }

    @Test
    void closingTheMonitorStopsItsThreadWithoutLeaking() throws Exception {
        try (NetNs lab = NetNs.create("lx")) {
            NetNs.Namespace a = lab.namespace("a");
            long before = openFds();
            NetlinkMonitor monitor = a.call(() -> NetlinkMonitor.start("monitor-close-test", e -> { }, true));
            assertThat(monitor.isRunning()).isTrue();

            monitor.close();

            assertThat(monitor.awaitTermination(WAIT)).isTrue();
            assertThat(openFds()).isEqualTo(before);
        }
    }

    @Test
    void receivingOnAVirtualThreadIsRefused() throws Exception {
        try (NetNs lab = NetNs.create("lx")) {
            NetNs.Namespace a = lab.namespace("a");
            lab.veth(a, "eth0", lab.namespace("b"), "eth0");
            try (Vrrp4Socket socket = a.call(() -> Vrrp4Socket.open("eth0", true))) {
                CompletableFuture<Throwable> outcome = new CompletableFuture<>();
                Thread.ofVirtual().start(() -> {
                    try {
                        socket.receive();
                        outcome.complete(null);
                    } catch (Throwable t) {
                        outcome.complete(t);
                    }
                });
                assertThat(outcome.get(5, TimeUnit.SECONDS)).isInstanceOf(IllegalStateException.class)
                        .hasMessageContaining("platform thread");
            }
        }
    }
}
