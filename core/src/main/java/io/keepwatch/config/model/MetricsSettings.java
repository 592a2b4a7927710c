package io.keepwatch.config.model;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * keepwatch's own {@code global_defs} keywords for its read-only HTTP endpoint (metrics, status).
 *
 * @param listen           {@code metrics_listen ADDRESS PORT}; empty after {@code metrics_listen none}
 *                         (or {@code off}): no HTTP endpoint at all. Default 127.0.0.1 port 9650.
 * @param keepalivedCompat {@code metrics_keepalived_compat}: the keepalived Prometheus exporters whose
 *                         metric names and labels are served too, so existing dashboards work; empty: none
 */
public record MetricsSettings(Optional<InetSocketAddress> listen, Set<KeepalivedExporter> keepalivedCompat) {

    /** The port served when nothing else is said: gen2brain's keepalived exporter's, so its scrape jobs carry over. */
    public static final int DEFAULT_PORT = 9650;

    /** Loopback only: the endpoint tells who is master, which is nobody else's business by default. */
    public static final InetSocketAddress DEFAULT_LISTEN =
            new InetSocketAddress(InetAddress.ofLiteral("127.0.0.1"), DEFAULT_PORT);

    public static final MetricsSettings DEFAULTS = new MetricsSettings(Optional.of(DEFAULT_LISTEN), Set.of());

    public MetricsSettings {
        Objects.requireNonNull(listen, "listen");
        keepalivedCompat = Set.copyOf(keepalivedCompat);
        listen.ifPresent(a -> {
            if (a.isUnresolved()) {
                throw new IllegalArgumentException("metrics_listen needs a literal address, got " + a.getHostString());
            }
        });
    }
}
