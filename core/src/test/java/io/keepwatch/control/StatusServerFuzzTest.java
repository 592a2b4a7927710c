package io.keepwatch.control;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.BugDetectors;
import com.code_intelligence.jazzer.api.SilentCloseable;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.keepwatch.metrics.StatusStore;
import io.keepwatch.vrrp.VrrpState;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Tag;

/**
 * Coverage-guided fuzzing of the HTTP endpoint (metrics, status page, JSON status, health) as the
 * daemon serves it: a real {@link StatusServer} on loopback, each input sent as the raw octets of a
 * connection. Every answer is an HTTP/1.1 response (or the connection is closed on a request the
 * HTTP layer cannot read), a read-only server never answers 2xx to another method than GET or HEAD,
 * and the server keeps answering.
 */
@Tag("fuzz")
class StatusServerFuzzTest {
    private static final int READ_TIMEOUT_MILLIS = 20_000;
    private static StatusServer server;

    private static synchronized InetSocketAddress address() throws IOException {
        if (server == null) {
            StatusStore statistics = new StatusStore();
            statistics.published(Snapshots.instance("VI_1", VrrpState.BACKUP, 100));
            server = StatusServer.start(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
                    new StatusServer.Sources(() -> "keepwatch_test 1.0\n", () -> DaemonStatus.of(statistics, Snapshots.T0),
                            () -> true, () -> "lb1"));
            Runtime.getRuntime().addShutdownHook(new Thread(server::close));
        }
        return server.address();
    }

    @FuzzTest(maxDuration = "30m")
    void request(byte[] request) throws IOException {
        // Jazzer's request-forgery detector fails every connection it was not told of, on the thread
        // that was told: this one goes to the server under test on loopback, whatever the input (the
        // input is the request, never the address).
        int port = address().getPort();
        try (SilentCloseable allowed = BugDetectors.allowNetworkConnections((host, p) -> p == port
                && (host.equals("localhost") || InetAddress.ofLiteral(host).isLoopbackAddress()))) {
            answer(request);
        }
    }

    private static void answer(byte[] request) throws IOException {
        String response = exchange(request);
        if (response.isEmpty()) {
            // the HTTP layer dropped a request it could not read; the server must still answer
            assertThat(exchange("GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
                    .getBytes(StandardCharsets.US_ASCII))).startsWith("HTTP/1.1 200");
            return;
        }
        assertThat(response).startsWith("HTTP/1.1 ");
        String method = new String(request, StandardCharsets.ISO_8859_1).replaceFirst("^[\r\n]+", "").split(" ", 2)[0];
        if (!method.equals("GET") && !method.equals("HEAD")) {
            assertThat(response).as("answer to method %s", method).doesNotStartWith("HTTP/1.1 2");
        }
    }

    private static String exchange(byte[] request) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(address(), READ_TIMEOUT_MILLIS);
            socket.setSoTimeout(READ_TIMEOUT_MILLIS);
            try {
                OutputStream out = socket.getOutputStream();
                out.write(request);
                out.flush();
                socket.shutdownOutput();
            } catch (IOException e) {
                // the server may answer and close before reading all of it
            }
            InputStream in = socket.getInputStream();
            java.io.ByteArrayOutputStream answer = new java.io.ByteArrayOutputStream();
            byte[] buffer = new byte[8192];
            try {
                for (int n; (n = in.read(buffer)) >= 0; ) {
                    answer.write(buffer, 0, n);
                }
            } catch (java.net.SocketException reset) {
                // closed with part of the request unread
            }
            return answer.toString(StandardCharsets.ISO_8859_1);
        }
    }
}
