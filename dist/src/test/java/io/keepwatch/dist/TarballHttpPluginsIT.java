package io.keepwatch.dist;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.keepwatch.testing.Deadline;
import io.keepwatch.testing.NetNs;
import io.keepwatch.testing.RequiresNetns;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The unpacked tarball's daemon with an http check and a webhook notifier, the two plugins that use
 * the OkHttp of keepwatch's lib/, on the bundled runtime (which has no java.desktop). Both talk to
 * one HTTP server on 127.0.0.1 inside the daemon's namespace; {@code keepwatch status} reads the
 * daemon's JSON status with the same runtime.
 */
@RequiresNetns
class TarballHttpPluginsIT {

    private static final int PORT = 8080;
    private static final Duration TIMEOUT = Duration.ofSeconds(15);

    @TempDir
    Path dir;

    /** {@code GET /health} answers with the status the test sets; {@code POST /hook} records the body. */
    private static final class Endpoints implements AutoCloseable {
        final HttpServer server;
        final AtomicInteger healthStatus = new AtomicInteger(200);
        final AtomicInteger healthHits = new AtomicInteger();
        final List<String> hooks = new CopyOnWriteArrayList<>();

        Endpoints(NetNs.Namespace ns) throws Exception {
            // bound and started on a thread inside the namespace: its socket and dispatcher belong there
            server = ns.call(() -> {
                HttpServer s = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), PORT), 0);
                s.createContext("/health", exchange -> {
                    healthHits.incrementAndGet();
                    exchange.sendResponseHeaders(healthStatus.get(), -1);
                    exchange.close();
                });
                s.createContext("/hook", exchange -> {
                    hooks.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
                    exchange.sendResponseHeaders(204, -1);
                    exchange.close();
                });
                s.start();
                return s;
            });
        }

        boolean hooked(String newState) {
            return hooks.stream().anyMatch(body -> body.contains("\"new_state\":\"" + newState + "\""));
        }

        @Override
        public void close() {
            server.stop(0);
        }
    }

    private Path config() throws IOException {
        return Files.writeString(dir.resolve("http.conf"), """
                global_defs {
                    router_id dist_http
                    vrrp_garp_master_delay 0
                }
                vrrp_check web {
                    type http
                    url http://127.0.0.1:%1$d/health
                    interval 0.2
                    timeout 1
                    fall 2
                    rise 2
                }
                vrrp_notifier hook {
                    type webhook
                    url http://127.0.0.1:%1$d/hook
                    secret s3cret
                }
                vrrp_instance VI_1 {
                    state MASTER
                    interface eth0
                    virtual_router_id 79
                    priority 150
                    version 3
                    advert_int 0.1
                    virtual_ipaddress {
                        10.79.0.100/24
                    }
                    track_script {
                        web
                    }
                }
                """.formatted(PORT), StandardCharsets.UTF_8);
    }

    /** The daemon's host in {@code lab}: eth0 with 10.79.0.1/24, its peer in a namespace of its own. */
    private static NetNs.Namespace host(NetNs lab) throws Exception {
        NetNs.Namespace host = lab.namespace("a");
        lab.veth(host, "eth0", lab.namespace("void"), "eth0");
        host.addAddress("eth0", "10.79.0.1/24");
        return host;
    }

    @Test
    void theHttpCheckAndTheWebhookNotifierWorkInThePackagedDaemon() throws Exception {
        Path home = Dist.unpack(dir);
        Path config = config();
        try (NetNs lab = NetNs.create("disthttp")) {
            NetNs.Namespace host = host(lab);
            try (Endpoints endpoints = new Endpoints(host);
                 TarballFailoverIT.TarballDaemon daemon = new TarballFailoverIT.TarballDaemon(host.name(), home,
                         config, dir.resolve("classes.log"))) {
                daemon.awaitLog("\\(VI_1\\) Entering MASTER STATE - BACKUP -> MASTER", TIMEOUT);
                Deadline.await("webhook deliveries for BACKUP and MASTER", TIMEOUT,
                        () -> endpoints.hooked("BACKUP") && endpoints.hooked("MASTER"));
                assertThat(endpoints.healthHits.get()).as("the http check polls").isPositive();

                Path socket = config.resolveSibling(host.name() + ".sock");
                Dist.Result table = Dist.run(List.of(home.resolve("bin/keepwatch").toString(), "status",
                        "--control-socket", socket.toString()), Map.of());
                assertThat(table.exitCode()).as(table.output()).isZero();
                assertThat(table.output()).containsPattern("VI_1 +MASTER");

                endpoints.healthStatus.set(500);
                daemon.awaitLog("check web is now DOWN", TIMEOUT);
                daemon.awaitLog("\\(VI_1\\) Entering FAULT STATE - MASTER -> FAULT", TIMEOUT);
                Deadline.await("webhook delivery for FAULT", TIMEOUT, () -> endpoints.hooked("FAULT"));

                daemon.signal("TERM");
                assertThat(daemon.awaitExit(TIMEOUT)).as(daemon.log()).isZero();
                assertThat(daemon.log()).doesNotContain("NoClassDefFoundError", "ClassNotFoundException");
            }
        }
    }

    /**
     * Without a plugin block the packaged daemon starts no plugins and makes no meter registry (their
     * classes are not in the AOT cache) until the first scrape, which shows what the instance counted
     * from the start; a reload that adds a check and a notifier starts the plugins, and their meters
     * show at /metrics.
     */
    @Test
    void aReloadThatAddsACheckAndANotifierStartsThePluginsThatAStartWithoutThemLeftOut() throws Exception {
        Path home = Dist.unpack(dir);
        Path config = dir.resolve("http.conf");
        String withPlugins = Files.readString(config());
        String withoutPlugins = withPlugins.substring(0, withPlugins.indexOf("vrrp_check"))
                + withPlugins.substring(withPlugins.indexOf("vrrp_instance")).replaceAll("(?s)track_script \\{.*?}\\s*", "");
        Files.writeString(config, withoutPlugins);
        try (NetNs lab = NetNs.create("distlazy")) {
            NetNs.Namespace host = host(lab);
            try (Endpoints endpoints = new Endpoints(host);
                 TarballFailoverIT.TarballDaemon daemon = new TarballFailoverIT.TarballDaemon(host.name(), home,
                         config, dir.resolve("classes.log"))) {
                daemon.awaitLog("\\(VI_1\\) Entering MASTER STATE - BACKUP -> MASTER", TIMEOUT);
                daemon.awaitLog("plugins: not loaded, the configuration needs none", TIMEOUT);
                daemon.awaitLog("keepwatch running 1 instance", TIMEOUT);
                assertThat(Files.readString(dir.resolve("classes.log")))
                        .as("classes that only a started plugin host or a made registry loads")
                        .doesNotContain("org.pf4j.PluginWrapper ", "io.micrometer.core.instrument.MeterRegistry$Config ",
                                "io.prometheus.metrics.model.registry.PrometheusRegistry ");
                // the first scrape makes the registry; the instance's meters count from the start
                assertThat(scrape(host.name()))
                        .containsPattern("keepwatch_vrrp_became_master_total\\{instance=\"VI_1\",[^}]*} 1");

                Files.writeString(config, withPlugins);
                daemon.signal("HUP");
                daemon.awaitLog("reloaded ", TIMEOUT);
                daemon.awaitLog("plugins: \\d+ loaded", TIMEOUT);
                Deadline.await("the http check polls", TIMEOUT, () -> endpoints.healthHits.get() > 0);

                endpoints.healthStatus.set(500);
                daemon.awaitLog("check web is now DOWN", TIMEOUT);
                daemon.awaitLog("\\(VI_1\\) Entering FAULT STATE - MASTER -> FAULT", TIMEOUT);
                Deadline.await("webhook delivery for FAULT", TIMEOUT, () -> endpoints.hooked("FAULT"));

                String metrics = scrape(host.name());
                assertThat(metrics).containsPattern("keepwatch_check_up\\{check=\"web\"} 0")
                        .containsPattern("keepwatch_notifications_sent_total\\{notifier=\"hook\",type=\"webhook\"} [1-9]");

                daemon.signal("TERM");
                assertThat(daemon.awaitExit(TIMEOUT)).as(daemon.log()).isZero();
                assertThat(daemon.log()).doesNotContain("NoClassDefFoundError", "ClassNotFoundException");
            }
        }
    }

    /** The daemon's /metrics, from inside its namespace (the endpoint's default address). */
    private static String scrape(String namespace) throws Exception {
        Dist.Result result = Dist.run(List.of("ip", "netns", "exec", namespace, "curl", "-fsS",
                "http://127.0.0.1:9650/metrics"), Map.of());
        assertThat(result.exitCode()).as(result.output()).isZero();
        return result.output();
    }
}
