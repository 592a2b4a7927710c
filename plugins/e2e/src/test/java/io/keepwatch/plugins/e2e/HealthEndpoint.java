package io.keepwatch.plugins.e2e;

import com.sun.net.httpserver.HttpServer;
import io.keepwatch.testing.NetNs;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A health endpoint, {@code GET /health}, on 127.0.0.1 inside a namespace: it answers with the status
 * the test sets, so an http check can be made to fail and recover.
 */
final class HealthEndpoint implements AutoCloseable {

    private final HttpServer server;
    private volatile int status = 200;
    private final AtomicInteger hits = new AtomicInteger();

    private HealthEndpoint(HttpServer server) {
        this.server = server;
    }

    /** Starts it on 127.0.0.1:{@code port} of {@code ns} (the server socket belongs to the namespace). */
    static HealthEndpoint start(NetNs.Namespace ns, int port) throws Exception {
        return ns.call(() -> {
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
            HealthEndpoint endpoint = new HealthEndpoint(server);
            server.createContext("/health", exchange -> {
                endpoint.hits.incrementAndGet();
                int code = endpoint.status;
                byte[] body = (code == 200 ? "UP" : "DOWN").getBytes(StandardCharsets.UTF_8);
                exchange.sendResponseHeaders(code, body.length);
                try (var out = exchange.getResponseBody()) {
                    out.write(body);
                }
            });
            // The dispatcher thread is started here, on a thread inside the namespace.
            server.start();
            return endpoint;
        });
    }

    /** From now on every request is answered with {@code code}. */
    void answer(int code) {
        status = code;
    }

    /** How many requests it has had. */
    int hits() {
        return hits.get();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
