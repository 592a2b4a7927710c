package io.keepwatch.control;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The read-only HTTP endpoint: {@code /metrics} (Prometheus text), {@code /status} (JSON), {@code /}
 * (the status page) and {@code /healthz}. Only GET and HEAD are answered; nothing here changes the
 * daemon (that is the control socket's job, which only root can open). Two virtual threads serve
 * requests, so a flood of scrapes cannot take more than that from the daemon.
 */
public final class StatusServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(StatusServer.class);
    private static final int THREADS = 2;

    /**
     * What the endpoint serves; each supplier is called on an HTTP thread and must not touch engine
     * state. {@code hostName} is asked when the page is first shown.
     */
    public record Sources(Supplier<String> metrics, Supplier<DaemonStatus> status, BooleanSupplier healthy,
                          Supplier<String> hostName) {}

    private final HttpServer server;
    private final ExecutorService executor;

    private StatusServer(HttpServer server, ExecutorService executor) {
        this.server = server;
        this.executor = executor;
    }

    /** Binds {@code address} and starts serving; port 0 picks a free port (see {@link #address()}). */
    public static StatusServer start(InetSocketAddress address, Sources sources) throws IOException {
        HttpServer server = HttpServer.create(address, 16);
        ExecutorService executor = Executors.newFixedThreadPool(THREADS,
                Thread.ofVirtual().name("keepwatch-http-", 0).factory());
        server.setExecutor(executor);
        server.createContext("/", exchange -> serve(exchange, sources));
        server.start();
        LOG.info("status and metrics on http://{}:{}/", address.getAddress().getHostAddress(),
                server.getAddress().getPort());
        return new StatusServer(server, executor);
    }

    public InetSocketAddress address() {
        return server.getAddress();
    }

    private static void serve(HttpExchange exchange, Sources sources) throws IOException {
        try (exchange) {
            String method = exchange.getRequestMethod();
            if (!method.equals("GET") && !method.equals("HEAD")) {
                exchange.getResponseHeaders().set("Allow", "GET, HEAD");
                send(exchange, 405, "text/plain; charset=utf-8", "read-only: GET or HEAD\n");
                return;
            }
            String path = exchange.getRequestURI().getPath();
            switch (path) {
                case "/metrics" -> {
                    if (sources.metrics() == null) {
                        send(exchange, 404, "text/plain; charset=utf-8", "metrics are not enabled\n");
                    } else {
                        send(exchange, 200, io.keepwatch.metrics.Metrics.CONTENT_TYPE, sources.metrics().get());
                    }
                }
                case "/status" -> send(exchange, 200, "application/json",
                        StatusJson.write(sources.status().get()));
                case "/", "/index.html" -> send(exchange, 200, "text/html; charset=utf-8",
                        StatusPage.render(sources.status().get(), sources.hostName().get()));
                case "/healthz" -> {
                    boolean alive = sources.healthy().getAsBoolean();
                    send(exchange, alive ? 200 : 503, "text/plain; charset=utf-8",
                            alive ? "ok\n" : "the VRRP loop does not answer\n");
                }
                default -> send(exchange, 404, "text/plain; charset=utf-8", "not found: " + path + "\n");
            }
        } catch (RuntimeException e) {
            LOG.warn("HTTP {} failed: {}", exchange.getRequestURI(), e.toString());
        }
    }

    private static void send(HttpExchange exchange, int code, String type, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", type);
        exchange.getResponseHeaders().set("Cache-Control", "no-store");
        boolean head = exchange.getRequestMethod().equals("HEAD");
        exchange.sendResponseHeaders(code, head ? -1 : bytes.length);
        if (!head) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
