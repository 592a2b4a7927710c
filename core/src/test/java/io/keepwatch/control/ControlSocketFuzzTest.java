package io.keepwatch.control;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.keepwatch.metrics.StatusStore;
import io.keepwatch.vrrp.VrrpState;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Tag;

/**
 * Coverage-guided fuzzing of the control socket as the daemon serves it: a real {@link ControlServer}
 * on a Unix-domain socket, each input written by a client that then reads the whole answer. The
 * answer is {@code ok} exactly for a known command on the first line of at most
 * {@link ControlProtocol#MAX_LINE} octets, {@code error} for anything else, and the server goes on
 * serving.
 */
@Tag("fuzz")
class ControlSocketFuzzTest {
    private static final AtomicInteger STOPS = new AtomicInteger();
    private static final AtomicInteger RELOADS = new AtomicInteger();
    private static ControlServer server;

    private static synchronized Path socket() throws IOException {
        if (server == null) {
            Path dir = Files.createTempDirectory("keepwatch-control-fuzz");
            StatusStore statistics = new StatusStore();
            statistics.published(Snapshots.instance("VI_1", VrrpState.MASTER, 100));
            server = ControlServer.start(dir.resolve("control.sock"), new ControlServer.Handler() {
                @Override
                public DaemonStatus status() {
                    return DaemonStatus.of(statistics, Snapshots.T0);
                }

                @Override
                public Optional<String> reload() {
                    return RELOADS.incrementAndGet() % 2 == 0 ? Optional.empty() : Optional.of("refused\nk.conf:1: bad\n");
                }

                @Override
                public void stop() {
                    STOPS.incrementAndGet();
                }
            });
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                server.close();
                try {
                    Files.deleteIfExists(dir);
                } catch (IOException e) {
                    // a temporary directory left behind
                }
            }));
        }
        return server.path();
    }

    @FuzzTest(maxDuration = "30m")
    void request(byte[] request) throws IOException {
        int stopsBefore = STOPS.get();
        String reply = exchange(socket(), request);

        Optional<ControlProtocol.Command> command = firstLine(request).flatMap(ControlProtocol::parse);
        if (command.equals(Optional.of(ControlProtocol.Command.RELOAD))) {
            assertThat(reply).as("reply to %s", printable(request)).matches("(?s)ok reloaded\n|error refused\n.*\n");
        } else {
            assertThat(reply).as("reply to %s", printable(request))
                    .startsWith(command.isPresent() ? ControlProtocol.OK : ControlProtocol.ERROR + " ");
        }
        assertThat(STOPS.get() - stopsBefore).isEqualTo(command.equals(Optional.of(ControlProtocol.Command.STOP)) ? 1 : 0);
        if (command.equals(Optional.of(ControlProtocol.Command.STATUS))) {
            assertThat(StatusJson.read(reply.substring(reply.indexOf('\n') + 1)).instances()).hasSize(1);
        }
    }

    /** The command line the protocol reads: up to LF or the end, empty when longer than allowed or absent. */
    private static Optional<String> firstLine(byte[] request) {
        int window = Math.min(request.length, ControlProtocol.MAX_LINE + 1);
        for (int i = 0; i < window; i++) {
            if (request[i] == '\n') {
                return Optional.of(new String(request, 0, i, StandardCharsets.UTF_8));
            }
        }
        if (request.length == 0 || request.length > ControlProtocol.MAX_LINE) {
            return Optional.empty();
        }
        return Optional.of(new String(request, StandardCharsets.UTF_8));
    }

    private static String exchange(Path socket, byte[] request) throws IOException {
        try (SocketChannel client = SocketChannel.open(UnixDomainSocketAddress.of(socket))) {
            try {
                ByteBuffer out = ByteBuffer.wrap(request);
                while (out.hasRemaining()) {
                    client.write(out);
                }
                client.shutdownOutput();
            } catch (IOException e) {
                // the server may answer and close before reading all of a long request
            }
            ByteArrayOutputStream in = new ByteArrayOutputStream();
            ByteBuffer buffer = ByteBuffer.allocate(8192);
            try {
                while (client.read(buffer.clear()) >= 0) {
                    in.write(buffer.array(), 0, buffer.position());
                }
            } catch (IOException e) {
                // closed with part of the request unread: the kernel resets after the answer
            }
            return in.toString(StandardCharsets.UTF_8);
        }
    }

    private static String printable(byte[] request) {
        return new String(request, StandardCharsets.ISO_8859_1).replaceAll("[^\\x20-\\x7e]", "?");
    }
}
