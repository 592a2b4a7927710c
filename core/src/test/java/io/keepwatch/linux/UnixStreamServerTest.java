package io.keepwatch.linux;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.SocketTimeoutException;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.AsynchronousCloseException;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The control socket's Unix-domain stream socket, against the JDK's client channels. */
class UnixStreamServerTest {

    @TempDir
    Path dir;

    @Test
    void aClientIsAcceptedAndBothWaysCarryBytes() throws Exception {
        Path path = dir.resolve("s.sock");
        try (UnixStreamServer server = UnixStreamServer.listen(path, 4);
             SocketChannel client = SocketChannel.open(UnixDomainSocketAddress.of(path))) {
            client.write(ByteBuffer.wrap("status\n".getBytes(StandardCharsets.UTF_8)));
            client.shutdownOutput();
            try (UnixStreamConnection connection = server.accept()) {
                byte[] in = new byte[64];
                int n = connection.read(in, 0, in.length, 5_000);
                assertThat(new String(in, 0, n, StandardCharsets.UTF_8)).isEqualTo("status\n");
                assertThat(connection.read(in, 0, in.length, 5_000)).as("end of stream").isEqualTo(-1);
                byte[] big = "0123456789abcdef".repeat(64 * 1024).getBytes(StandardCharsets.UTF_8);
                CompletableFuture<Integer> received = CompletableFuture.supplyAsync(() -> readAll(client));
                connection.write(big);
                connection.close();
                assertThat(received.get(30, TimeUnit.SECONDS)).as("bytes the client read").isEqualTo(big.length);
            }
        }
    }

    @Test
    void answersTellsALiveSocketFromOneLeftBehind() throws Exception {
        Path path = dir.resolve("s.sock");
        UnixStreamServer server = UnixStreamServer.listen(path, 4);
        assertThat(UnixStreamServer.answers(path)).isTrue();
        server.close();
        assertThat(path).as("unix(7): closing leaves the file").exists();
        assertThat(UnixStreamServer.answers(path)).isFalse();
        assertThat(UnixStreamServer.answers(dir.resolve("none.sock"))).isFalse();
    }

    @Test
    @Timeout(value = 30, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void aListenerWhoseQueueIsFullStillAnswersAndTheProbeDoesNotWait() throws Exception {
        Path path = dir.resolve("s.sock");
        // A backlog of 0 holds one connection that nobody accepts; the queue is then full, and a
        // blocking connect would wait until the listener accepted one.
        try (UnixStreamServer server = UnixStreamServer.listen(path, 0);
             SocketChannel queued = SocketChannel.open(UnixDomainSocketAddress.of(path))) {
            assertThat(queued.isConnected()).isTrue();
            assertThat(UnixStreamServer.answers(path)).isTrue();
        }
    }

    @Test
    void closingTheServerEndsAThreadWaitingToAccept() throws Exception {
        UnixStreamServer server = UnixStreamServer.listen(dir.resolve("s.sock"), 4);
        CompletableFuture<Throwable> waiter = new CompletableFuture<>();
        Thread thread = Thread.ofPlatform().start(() -> {
            try {
                server.accept().close();
                waiter.complete(null);
            } catch (Throwable t) {
                waiter.complete(t);
            }
        });
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!waitingInPoll(thread)) {
            assertThat(System.nanoTime() - deadline).as("the thread waits in accept").isNegative();
            Thread.sleep(1);
        }
        server.close();
        assertThat(waiter.get(30, TimeUnit.SECONDS)).isInstanceOf(AsynchronousCloseException.class);
        assertThatThrownBy(server::accept).isInstanceOf(java.nio.channels.ClosedChannelException.class);
    }

    @Test
    void aReadWaitsNoLongerThanItsLimit() throws Exception {
        Path path = dir.resolve("s.sock");
        try (UnixStreamServer server = UnixStreamServer.listen(path, 4);
             SocketChannel client = SocketChannel.open(UnixDomainSocketAddress.of(path));
             UnixStreamConnection connection = server.accept()) {
            assertThatThrownBy(() -> connection.read(new byte[8], 0, 8, 50)).isInstanceOf(SocketTimeoutException.class);
            assertThat(connection.readAvailable(new byte[8])).isZero();
            assertThat(client.isConnected()).isTrue();
        }
    }

    @Test
    void aPathTooLongForAUnixAddressIsRefusedByName() {
        Path path = dir.resolve("x".repeat(120) + ".sock");
        assertThatThrownBy(() -> UnixStreamServer.listen(path, 4))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("at most 107 bytes")
                .hasMessageContaining(path.toString());
        assertThat(path).doesNotExist();
    }

    @Test
    void aPathThatExistsIsNotTaken() throws Exception {
        Path path = dir.resolve("s.sock");
        try (UnixStreamServer first = UnixStreamServer.listen(path, 4)) {
            assertThatThrownBy(() -> UnixStreamServer.listen(path, 4))
                    .isInstanceOf(NativeException.class)
                    .hasMessageContaining("EADDRINUSE");
            assertThat(UnixStreamServer.answers(path)).isTrue();
        }
    }

    private static boolean waitingInPoll(Thread thread) {
        for (StackTraceElement frame : thread.getStackTrace()) {
            if (frame.getMethodName().equals("awaitReadable")) {
                return true;
            }
        }
        return false;
    }

    private static int readAll(SocketChannel client) {
        ByteBuffer buffer = ByteBuffer.allocate(64 * 1024);
        int total = 0;
        try {
            int n;
            while ((n = client.read(buffer.clear())) >= 0) {
                total += n;
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return total;
    }
}
