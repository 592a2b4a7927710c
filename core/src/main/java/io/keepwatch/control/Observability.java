package io.keepwatch.control;

import io.keepwatch.config.model.KeepalivedExporter;
import io.keepwatch.metrics.ConflictMeters;
import io.keepwatch.metrics.KeepalivedCompatMeters;
import io.keepwatch.metrics.Metrics;
import io.keepwatch.metrics.VrrpMeters;
import io.keepwatch.metrics.StatusStore;
import io.keepwatch.plugins.CheckScheduler;
import io.keepwatch.runtime.RuntimeObserver;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Everything that watches and steers a running daemon, put together: the meter registry, the
 * status store kept from the runtime's {@link RuntimeObserver} hook, the dumps, the HTTP endpoint and
 * the control socket. {@link #observer()} goes to the daemon; {@link #metrics()} registry to the
 * plugin host.
 */
public final class Observability implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Observability.class);

    /**
     * How to run it.
     *
     * @param metricsListen     where HTTP listens; empty: no HTTP endpoint
     * @param keepalivedCompat  the keepalived exporters whose names are served too
     * @param controlSocket     the control socket path; empty: none
     * @param stateDumpFile     SIGUSR1's file
     * @param statsDumpFile     SIGUSR2's file
     */
    public record Settings(Optional<InetSocketAddress> metricsListen, Set<KeepalivedExporter> keepalivedCompat,
                           Optional<Path> controlSocket, Path stateDumpFile, Path statsDumpFile) {}

    private final Metrics metrics;
    private final StatusStore statusStore = new StatusStore();
    private final Dumps dumps;
    private final Clock clock;
    private StatusServer http;
    private ControlServer control;

    public Observability(Settings settings, Clock clock) {
        this.clock = clock;
        this.metrics = Metrics.create();
        // Bound when the registry is made (the first scrape, unless a check or plugin needs it first):
        // they read the status store, which counts from the start either way.
        metrics.whenMade(registry -> {
            VrrpMeters.bind(registry, statusStore);
            ConflictMeters.bind(registry, statusStore);
            KeepalivedCompatMeters.bind(metrics, statusStore, settings.keepalivedCompat());
            CheckScheduler.lagTimer(registry);
        });
        this.dumps = new Dumps(statusStore, settings.stateDumpFile(), settings.statsDumpFile(), ZoneId::systemDefault);
    }

    public RuntimeObserver observer() {
        return RuntimeObserver.all(List.of(statusStore, dumps));
    }

    public Metrics metrics() {
        return metrics;
    }

    public StatusStore statusStore() {
        return statusStore;
    }

    public DaemonStatus status() {
        return DaemonStatus.of(statusStore, clock.instant());
    }

    /**
     * Starts the HTTP endpoint and the control socket as the settings say. An HTTP port that cannot
     * be bound is logged and skipped; a control socket that cannot be had (another daemon holds it)
     * is an error, since two daemons on one configuration would fight over the addresses.
     */
    public void start(Settings settings, ControlServer.Handler handler, BooleanSupplier healthy) throws IOException {
        startControl(settings, handler);
        startHttp(settings, healthy);
    }

    /**
     * The control socket. It comes first: it refuses to start when another live daemon answers on
     * the same socket, and that must stop this one before it touches any address.
     */
    public void startControl(Settings settings, ControlServer.Handler handler) throws IOException {
        if (settings.controlSocket().isPresent()) {
            control = ControlServer.start(settings.controlSocket().get(), handler);
        }
    }

    /** The read-only HTTP endpoint; a port in use is logged and the daemon runs on without it. */
    public void startHttp(Settings settings, BooleanSupplier healthy) {
        if (settings.metricsListen().isPresent()) {
            InetSocketAddress listen = settings.metricsListen().get();
            try {
                http = StatusServer.start(listen, new StatusServer.Sources(metrics::scrape, this::status, healthy,
                        Observability::hostName));
            } catch (IOException e) {
                // the virtual address matters more than its metrics: run on without them, loudly
                LOG.error("status and metrics endpoint not started on {}:{}: {}; VRRP runs without it",
                        listen.getAddress().getHostAddress(), listen.getPort(), e.getMessage());
            }
        }
    }

    /** The HTTP endpoint's address, once started. */
    public Optional<InetSocketAddress> httpAddress() {
        return Optional.ofNullable(http).map(StatusServer::address);
    }

    /** How long the VRRP loop may take to answer a health check. */
    public static final Duration HEALTH_TIMEOUT = Duration.ofSeconds(2);

    /**
     * The host's name for the status page, looked up at the page's first request: the first name lookup
     * loads the JDK's resolver, which is looked for in every jar of the class path.
     */
    private static String hostName() {
        return HostName.VALUE;
    }

    private static final class HostName {
        static final String VALUE = lookUp();

        private static String lookUp() {
            try {
                return InetAddress.getLocalHost().getHostName();
            } catch (IOException e) {
                return "localhost";
            }
        }
    }

    @Override
    public void close() {
        if (control != null) {
            control.close();
        }
        if (http != null) {
            http.close();
        }
        metrics.close();
        LOG.debug("observability closed");
    }
}
