package io.keepwatch.config.model;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Objects;
import java.util.Optional;

/**
 * keepwatch's own {@code global_defs} keywords for its read-only HTTP endpoint (metrics, status).
 *
 * @param listen           {@code metrics_listen ADDRESS PORT}; empty after {@code metrics_listen none}
 *                         (or {@code off}): no HTTP endpoint at all. Default 127.0.0.1 port 9650.
 * @param keepalivedCompat {@code metrics_keepalived_compat}: also export the metric names and labels of
 *                         the widely used keepalived Prometheus exporter, so existing dashboards work
 */
public record MetricsSettings(Optional<InetSocketAddress> listen, boolean keepalivedCompat) {

    /** The port served when nothing else is said: the keepalived Prometheus exporter's, so scrape jobs carry over. */
    public static final int DEFAULT_PORT = 9650;

    /** Loopback only: the endpoint tells who is master, which is nobody else's business by default. */
    public static final InetSocketAddress DEFAULT_LISTEN =
            new InetSocketAddress(InetAddress.ofLiteral("127.0.0.1"), DEFAULT_PORT);

    public static final MetricsSettings DEFAULTS = new MetricsSettings(Optional.of(DEFAULT_LISTEN), false);

    public MetricsSettings {
        Objects.requireNonNull(listen, "listen");
        listen.ifPresent(a -> {
            if (a.isUnresolved()) {
                throw new IllegalArgumentException("metrics_listen needs a literal address, got " + a.getHostString());
            }
        });
    }
}
