package io.keepwatch.bench.checks;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The local target of the health check benchmark, in its own process so neither its CPU nor its file
 * descriptors count against the daemon measured: a TCP port on 127.0.0.1 that accepts and closes, or
 * an HTTP/1.1 server answering {@code 200 ok} to every request, keeping connections alive. Prints {@code port P} once, then
 * {@code served N} (the running total) every second, and exits after {@code --seconds} (or when its
 * standard input ends, with {@code --exit-on-eof}: the benchmark that started it is gone).
 *
 * <pre>java -cp keepwatch-benchmarks.jar io.keepwatch.bench.checks.CheckServer --type tcp|http --seconds S [--port P] [--exit-on-eof]</pre>
 */
public final class CheckServer {

    private static final int BACKLOG = 4096;

    private CheckServer() {
    }

    /** Runs the server; see the class comment for the arguments. */
    public static void main(String[] args) throws Exception {
        String type = "tcp";
        long seconds = 60;
        int port = 0;
        boolean exitOnEof = false;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--type" -> type = args[++i];
                case "--seconds" -> seconds = Long.parseLong(args[++i]);
                case "--port" -> port = Integer.parseInt(args[++i]);
                case "--exit-on-eof" -> exitOnEof = true;
                default -> throw new IllegalArgumentException("unknown argument " + args[i]);
            }
        }
        AtomicLong served = new AtomicLong();
        InetAddress loopback = InetAddress.getLoopbackAddress();
        int bound = switch (type) {
            case "tcp" -> tcp(loopback, port, served);
            case "http" -> http(loopback, port, served);
            default -> throw new IllegalArgumentException("--type must be tcp or http");
        };
        System.out.println("port " + bound);
        System.out.flush();
        if (exitOnEof) {
            Thread.ofPlatform().daemon().start(() -> {
                try (InputStream in = System.in) {
                    while (in.read() >= 0) {
                        // nothing is sent; only the end matters
                    }
                } catch (IOException ignored) {
                    // treated as the end
                }
                Runtime.getRuntime().halt(0);
            });
        }
        long end = System.nanoTime() + Duration.ofSeconds(seconds).toNanos();
        while (System.nanoTime() < end) {
            Thread.sleep(1000);
            System.out.println("served " + served.get());
            System.out.flush();
        }
        Runtime.getRuntime().halt(0);
    }

    private static int tcp(InetAddress loopback, int port, AtomicLong served) throws IOException {
        ServerSocket server = new ServerSocket(port, BACKLOG, loopback);
        Thread.ofPlatform().daemon().name("accept").start(() -> {
            while (true) {
                try (Socket s = server.accept()) {
                    served.incrementAndGet();
                } catch (IOException e) {
                    System.err.println("accept: " + e);
                }
            }
        });
        return server.getLocalPort();
    }

    // A minimal HTTP/1.1 server, blocking, one virtual thread per connection: the JDK's HttpServer
    // serves every connection from one dispatcher thread, which on a busy machine became the limit
    // of the benchmark before the checks did. Requests without a body (the checks send GET) are
    // answered 200 with a fixed body, connections kept alive until the client closes them.
    private static int http(InetAddress loopback, int port, AtomicLong served) throws IOException {
        ServerSocket server = new ServerSocket(port, BACKLOG, loopback);
        byte[] response = ("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 3\r\n\r\nok\n")
                .getBytes(StandardCharsets.US_ASCII);
        Thread.ofPlatform().daemon().name("accept").start(() -> {
            while (true) {
                try {
                    Socket s = server.accept();
                    Thread.ofVirtual().start(() -> serve(s, response, served));
                } catch (IOException e) {
                    System.err.println("accept: " + e);
                }
            }
        });
        return server.getLocalPort();
    }

    private static void serve(Socket socket, byte[] response, AtomicLong served) {
        try (socket) {
            InputStream in = socket.getInputStream();
            var out = socket.getOutputStream();
            byte[] buf = new byte[8192];
            int filled = 0;
            while (true) {
                int n = in.read(buf, filled, buf.length - filled);
                if (n < 0) {
                    return;
                }
                filled += n;
                int end;
                while ((end = headerEnd(buf, filled)) >= 0) {
                    out.write(response);
                    served.incrementAndGet();
                    System.arraycopy(buf, end, buf, 0, filled - end);
                    filled -= end;
                }
                if (filled == buf.length) {
                    return; // a header larger than the buffer: not one of ours
                }
            }
        } catch (IOException ignored) {
            // the client went away
        }
    }

    /** The index just past the first blank line ending a request head, or -1. */
    private static int headerEnd(byte[] buf, int length) {
        for (int i = 3; i < length; i++) {
            if (buf[i] == '\n' && buf[i - 1] == '\r' && buf[i - 2] == '\n' && buf[i - 3] == '\r') {
                return i + 1;
            }
        }
        return -1;
    }
}
