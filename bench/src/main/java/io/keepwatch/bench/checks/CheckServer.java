package io.keepwatch.bench.checks;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The local target of the health check benchmark, in its own process so neither its CPU nor its file
 * descriptors count against the daemon measured: a TCP port on 127.0.0.1 that accepts and closes, or
 * an HTTP server answering {@code 200 ok} to every request. Prints {@code port P} once, then
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

    private static int http(InetAddress loopback, int port, AtomicLong served) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(loopback, port), BACKLOG);
        byte[] body = "ok\n".getBytes(StandardCharsets.US_ASCII);
        server.createContext("/", exchange -> {
            try (exchange) {
                exchange.getRequestBody().readAllBytes();
                exchange.sendResponseHeaders(200, body.length);
                exchange.getResponseBody().write(body);
            }
            served.incrementAndGet();
        });
        server.start();
        return server.getAddress().getPort();
    }
}
