package io.keepwatch.check.tcp;

import io.keepwatch.plugin.api.CheckResult;
import io.keepwatch.plugin.api.HealthCheck;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.Optional;

/**
 * Up when a TCP connection to the target succeeds within the connect timeout and, when {@code send} /
 * {@code expect} are set, the payload is written and the expected bytes arrive before the run's
 * timeout.
 */
public final class TcpCheck implements HealthCheck {

    /** The bound settings. */
    public record Settings(InetSocketAddress target, Optional<InetSocketAddress> bindTo,
                           Optional<Duration> connectTimeout, Optional<byte[]> send, Optional<byte[]> expect) {}

    private final Settings settings;
    private final String label;

    /** A check with these settings. */
    public TcpCheck(Settings settings) {
        this.settings = settings;
        this.label = settings.target().getHostString() + ":" + settings.target().getPort();
    }

    @Override
    public CheckResult check(Duration timeout) throws IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        Duration connectTimeout = settings.connectTimeout().filter(t -> t.compareTo(timeout) < 0).orElse(timeout);
        try (Socket socket = new Socket()) {
            if (settings.bindTo().isPresent()) {
                socket.bind(settings.bindTo().get());
            }
            try {
                socket.connect(settings.target(), (int) Math.max(1, connectTimeout.toMillis()));
            } catch (ConnectException e) {
                return CheckResult.down("connect to " + label + " refused: " + e.getMessage());
            } catch (SocketTimeoutException e) {
                return CheckResult.down("connect to " + label + " timed out after " + connectTimeout.toMillis() + " ms");
            }
            if (settings.send().isPresent()) {
                socket.getOutputStream().write(settings.send().get());
                socket.getOutputStream().flush();
            }
            if (settings.expect().isEmpty()) {
                return CheckResult.up("connected to " + label);
            }
            return expect(socket, settings.expect().get(), deadline);
        } catch (IOException e) {
            if (Thread.currentThread().isInterrupted()) {
                throw new InterruptedIOException("check interrupted");
            }
            return CheckResult.down(label + ": " + e);
        }
    }

    private CheckResult expect(Socket socket, byte[] expected, long deadline) throws IOException {
        InputStream in = socket.getInputStream();
        ByteArrayOutputStream received = new ByteArrayOutputStream();
        byte[] buf = new byte[4096];
        while (true) {
            long left = (deadline - System.nanoTime()) / 1_000_000;
            if (left <= 0) {
                return CheckResult.down(label + ": expected reply not received in time (got "
                        + received.size() + " bytes)");
            }
            socket.setSoTimeout((int) Math.min(Integer.MAX_VALUE, left));
            int n;
            try {
                n = in.read(buf);
            } catch (SocketTimeoutException e) {
                continue;
            }
            if (n < 0) {
                return CheckResult.down(label + ": connection closed before the expected reply (got "
                        + received.size() + " bytes)");
            }
            received.write(buf, 0, n);
            if (indexOf(received.toByteArray(), expected) >= 0) {
                return CheckResult.up(label + ": expected reply received");
            }
            if (received.size() > 1 << 20) {
                return CheckResult.down(label + ": expected reply not found in the first MiB");
            }
        }
    }

    static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
