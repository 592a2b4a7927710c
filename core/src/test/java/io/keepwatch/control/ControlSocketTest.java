package io.keepwatch.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.keepwatch.metrics.StatusStore;
import io.keepwatch.vrrp.VrrpState;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The control protocol over a real Unix-domain socket. */
class ControlSocketTest {

    @TempDir
    Path dir;

    private final AtomicInteger reloads = new AtomicInteger();
    private final AtomicInteger stops = new AtomicInteger();
    private ControlServer server;
    private Path socket;

    @BeforeEach
    void start() throws IOException {
        StatusStore statistics = new StatusStore();
        statistics.published(Snapshots.instance("VI_1", VrrpState.MASTER, 100));
        socket = dir.resolve("run").resolve("control.sock");
        server = ControlServer.start(socket, new ControlServer.Handler() {
            @Override
            public DaemonStatus status() {
                return DaemonStatus.of(statistics, Snapshots.T0);
            }

            @Override
            public java.util.Optional<String> reload() {
                return reloads.incrementAndGet() == 1 ? java.util.Optional.empty()
                        : java.util.Optional.of("reload refused: 1 error(s) in k.conf; the running configuration stays\n"
                                + "k.conf:3: unknown check type 'gopher' (known: http)");
            }

            @Override
            public void stop() {
                stops.incrementAndGet();
            }
        });
    }

    @AfterEach
    void close() {
        server.close();
    }

    @Test
    void onlyTheOwnerMayOpenTheSocket() throws IOException {
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(socket))).isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(socket.getParent())))
                .isEqualTo("rwx------");
    }

    @Test
    void statusAnswersTheJsonStatus() throws IOException {
        ControlClient.Reply reply = ControlClient.send(socket, ControlProtocol.Command.STATUS);
        assertThat(reply.ok()).isTrue();
        DaemonStatus status = StatusJson.read(reply.body());
        assertThat(status.instances()).extracting(DaemonStatus.Instance::name).containsExactly("VI_1");
        assertThat(status.instances().getFirst().state()).isEqualTo("MASTER");
    }

    @Test
    void reloadAndStopReachTheDaemon() throws IOException {
        ControlClient.Reply reload = ControlClient.send(socket, ControlProtocol.Command.RELOAD);
        assertThat(reload.ok()).isTrue();
        assertThat(reload.message()).isEqualTo("reloaded");
        assertThat(reloads).hasValue(1);
        ControlClient.Reply refused = ControlClient.send(socket, ControlProtocol.Command.RELOAD);
        assertThat(refused.ok()).isFalse();
        assertThat(refused.message()).isEqualTo("reload refused: 1 error(s) in k.conf; the running configuration stays");
        assertThat(refused.body()).isEqualTo("k.conf:3: unknown check type 'gopher' (known: http)\n");
        ControlClient.Reply stop = ControlClient.send(socket, ControlProtocol.Command.STOP);
        assertThat(stop.ok()).isTrue();
        assertThat(stops).hasValue(1);
    }

    @Test
    void anUnknownCommandIsAnErrorAndChangesNothing() throws IOException {
        assertThat(raw("shutdown-everything\n")).isEqualTo("error unknown command 'shutdown-everything'; one of status, reload, stop\n");
        assertThat(raw("x".repeat(500))).startsWith("error a command line of at most 64 bytes");
        assertThat(raw("")).startsWith("error ");
        assertThat(reloads).hasValue(0);
        assertThat(stops).hasValue(0);
        // still serving after bad clients
        assertThat(ControlClient.send(socket, ControlProtocol.Command.STATUS).ok()).isTrue();
    }

    @Test
    void aSecondDaemonCannotTakeALiveSocket() {
        assertThatThrownBy(() -> ControlServer.start(socket, null))
                .isInstanceOf(IOException.class).hasMessageContaining("another keepwatch already listens");
    }

    @Test
    void aSocketLeftByADeadDaemonIsReplaced() throws IOException {
        Path stale = dir.resolve("stale.sock");
        ServerSocketChannel dead = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        dead.bind(UnixDomainSocketAddress.of(stale));
        dead.close(); // the file stays, nobody listens
        assertThat(stale).exists();
        try (ControlServer again = ControlServer.start(stale, server == null ? null : new ControlServer.Handler() {
            public DaemonStatus status() {
                return new DaemonStatus("now", java.util.List.of());
            }

            public java.util.Optional<String> reload() {
                return java.util.Optional.empty();
            }

            public void stop() {}
        })) {
            assertThat(ControlClient.send(stale, ControlProtocol.Command.STATUS).ok()).isTrue();
        }
        assertThat(stale).doesNotExist();
    }

    @Test
    void noDaemonIsAnIoError() {
        assertThatThrownBy(() -> ControlClient.send(dir.resolve("nothing.sock"), ControlProtocol.Command.STATUS))
                .isInstanceOf(IOException.class);
    }

    private String raw(String request) throws IOException {
        try (SocketChannel channel = SocketChannel.open(UnixDomainSocketAddress.of(socket))) {
            ByteBuffer out = ByteBuffer.wrap(request.getBytes(StandardCharsets.UTF_8));
            while (out.hasRemaining()) {
                channel.write(out);
            }
            channel.shutdownOutput();
            return new String(Channels.newInputStream(channel).readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
