package io.keepwatch.control;

import static org.assertj.core.api.Assertions.assertThat;

import io.keepwatch.cli.MainAccess;
import io.keepwatch.testing.Deadline;
import io.keepwatch.testing.KeepwatchProcess;
import io.keepwatch.testing.NetNs;
import io.keepwatch.testing.PrometheusText;
import io.keepwatch.testing.Promtool;
import io.keepwatch.testing.RequiresNetns;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Two daemons on a LAN of namespaces, each serving on its namespace's 127.0.0.1:9650: their
 * metrics move with a failover, and the CLI verbs reach them through their control sockets.
 */
@RequiresNetns
class ObservabilityNetnsTest {

    private static final Map<String, String> VI_1 = Map.of("instance", "VI_1", "interface", "eth0", "vrid", "51");
    private static final Map<String, String> KA_VI_1 = Map.of("iname", "VI_1", "intf", "eth0", "vrid", "51");
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private NetNs lab;
    private NetNs.Namespace sw;
    private NetNs.Namespace h1;
    private NetNs.Namespace h2;
    private KeepwatchProcess d1;
    private KeepwatchProcess d2;
    private Path dir;
    private Path sockets;

    @BeforeEach
    void lan() throws IOException {
        lab = NetNs.create("obs");
        sw = lab.switchNamespace("sw", "br0");
        h1 = lab.namespace("h1");
        h2 = lab.namespace("h2");
        lab.plug(h1, "eth0", sw, "br0", "p1");
        lab.plug(h2, "eth0", sw, "br0", "p2");
        h1.addAddress("eth0", "10.78.0.1/24");
        h2.addAddress("eth0", "10.78.0.2/24");
        Path root = Path.of("target", "it-logs").toAbsolutePath();
        Files.createDirectories(root);
        dir = Files.createTempDirectory(root, "obs-");
    }

    @AfterEach
    void cleanUp() throws InterruptedException {
        try {
            if (d1 != null) {
                d1.close();
            }
            if (d2 != null) {
                d2.close();
            }
        } finally {
            lab.close();
        }
    }

    private static String config(int priority, String extraGlobal) {
        return """
                global_defs {
                  router_id h%d
                  %s
                }
                vrrp_instance VI_1 {
                  state BACKUP
                  interface eth0
                  virtual_router_id 51
                  priority %d
                  advert_int 1
                  authentication {
                    auth_type PASS
                    auth_pass Kw0bsPw
                  }
                  virtual_ipaddress {
                    10.78.0.100/24
                  }
                }
                """.formatted(priority, extraGlobal, priority);
    }

    private KeepwatchProcess start(NetNs.Namespace ns, String name, int priority, String extraGlobal) throws IOException {
        Path conf = dir.resolve(name + ".conf");
        Files.writeString(conf, config(priority, extraGlobal));
        return KeepwatchProcess.start(ns.name(), conf, "--control-socket", socket(name).toString(),
                "--dump-state-file", dir.resolve(name + ".data").toString(),
                "--dump-stats-file", dir.resolve(name + ".stats").toString());
    }

    /** Under /tmp: a Unix socket path may not exceed 107 bytes, wherever the checkout lives. */
    private Path socket(String name) {
        try {
            if (sockets == null) {
                sockets = Files.createTempDirectory(Path.of("/tmp"), "kw-obs-");
                sockets.toFile().deleteOnExit();
            }
            return sockets.resolve(name + ".sock");
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** GET over HTTP/1.0 on a socket opened inside the namespace. */
    private static String get(NetNs.Namespace ns, String path) throws Exception {
        return ns.call(() -> {
            try (Socket socket = new Socket(InetAddress.ofLiteral("127.0.0.1"), 9650)) {
                socket.setSoTimeout(5_000);
                OutputStream out = socket.getOutputStream();
                out.write(("GET " + path + " HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                out.flush();
                InputStream in = socket.getInputStream();
                String response = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                if (!response.startsWith("HTTP/1.1 200") && !response.startsWith("HTTP/1.0 200")) {
                    throw new IOException("GET " + path + ": " + response.lines().findFirst().orElse(""));
                }
                return response.substring(response.indexOf("\r\n\r\n") + 4);
            }
        });
    }

    private static PrometheusText scrape(NetNs.Namespace ns) throws Exception {
        return PrometheusText.parse(get(ns, "/metrics"));
    }

    private static boolean state(NetNs.Namespace ns, double expected) {
        try {
            return scrape(ns).value("keepwatch_vrrp_state", VI_1) == expected;
        } catch (Exception | AssertionError notYet) {
            return false;
        }
    }

    @Test
    void metricsMoveWithAFailoverAndTheCliVerbsReachTheDaemons() throws Exception {
        d1 = start(h1, "h1", 150, "metrics_keepalived_compat");
        Deadline.await("h1 MASTER in its metrics", TIMEOUT, () -> state(h1, 2));
        // h2 starts only now: started together, a slow JVM start of h1 could let h2 be master first
        d2 = start(h2, "h2", 100, "");
        Deadline.await("h2 BACKUP in its metrics", TIMEOUT, () -> state(h2, 1));
        Deadline.await("h2 hears h1's adverts", TIMEOUT, () -> {
            try {
                return scrape(h2).value("keepwatch_vrrp_adverts_received_total", VI_1) >= 2;
            } catch (Exception e) {
                return false;
            }
        });

        PrometheusText m1 = scrape(h1);
        assertThat(m1.value("keepwatch_vrrp_became_master_total", VI_1)).isEqualTo(1);
        assertThat(m1.value("keepwatch_vrrp_adverts_sent_total", VI_1)).isGreaterThanOrEqualTo(1);
        assertThat(m1.value("keepwatch_vrrp_priority_effective", VI_1)).isEqualTo(150);
        assertThat(m1.value("keepalived_vrrp_state", Map.of("iname", "VI_1", "intf", "eth0", "vrid", "51",
                "ip_address", "10.78.0.100/24"))).isEqualTo(2);
        assertThat(m1.value("keepalived_become_master_total", KA_VI_1)).isEqualTo(1);
        assertThat(m1.find("jvm_memory_used_bytes", Map.of())).isNotEmpty();
        PrometheusText m2 = scrape(h2);
        assertThat(m2.value("keepwatch_vrrp_became_master_total", VI_1)).isZero();
        assertThat(m2.find("keepalived_up", Map.of())).as("compat is h1's only").isEmpty();
        assertThat(get(h2, "/healthz")).isEqualTo("ok\n");
        assertThat(get(h2, "/status")).contains("\"name\" : \"VI_1\"").contains("\"state\" : \"BACKUP\"")
                .contains("10.78.0.1").doesNotContain("Kw0bsPw");

        // keepwatch status: a table with the instance, and JSON
        MainAccess.Result status = MainAccess.run("status", "--control-socket", socket("h2").toString());
        assertThat(status.exitCode()).as(status.err()).isZero();
        assertThat(status.out()).contains("VI_1").contains("BACKUP").contains("10.78.0.1(150)");
        MainAccess.Result json = MainAccess.run("status", "--json", "--control-socket", socket("h1").toString());
        assertThat(StatusJson.read(json.out()).instances().getFirst().state()).isEqualTo("MASTER");

        // keepwatch reload: the daemon reloads its file
        MainAccess.Result reload = MainAccess.run("reload", "--control-socket", socket("h2").toString());
        assertThat(reload.exitCode()).as(reload.err()).isZero();
        d2.awaitLog("reloaded .*h2\\.conf", TIMEOUT);

        // SIGUSR2: statistics in keepalived's layout
        d2.signal("USR2");
        Path stats = dir.resolve("h2.stats");
        Deadline.await("h2.stats written", TIMEOUT, () -> Files.exists(stats));
        assertThat(Files.readString(stats)).startsWith("VRRP Instance: VI_1\n").contains("  Advertisements:\n");

        // keepwatch stop on the master: it resigns, exits 0, and h2 takes over
        MainAccess.Result stop = MainAccess.run("stop", "--control-socket", socket("h1").toString());
        assertThat(stop.exitCode()).as(stop.err()).isZero();
        assertThat(d1.awaitExit(TIMEOUT)).as(d1.log()).isZero();
        assertThat(socket("h1")).as("the socket goes with the daemon").doesNotExist();
        Deadline.await("h2 MASTER in its metrics", TIMEOUT, () -> state(h2, 2));

        PrometheusText after = scrape(h2);
        assertThat(after.value("keepwatch_vrrp_became_master_total", VI_1)).isEqualTo(1);
        assertThat(after.value("keepwatch_vrrp_priority_zero_received_total", VI_1))
                .as("h1 resigned with priority 0").isGreaterThanOrEqualTo(1);
        assertThat(after.value("keepwatch_vrrp_last_transition_timestamp_seconds", VI_1))
                .isGreaterThan(m2.value("keepwatch_vrrp_last_transition_timestamp_seconds", VI_1));
        assertThat(get(h2, "/")).contains("VI_1").contains("MASTER");
    }

    /**
     * Three daemons at once, one per mode of the metrics (keepwatch's names alone, with mehdy's, with
     * gen2brain's), each with an instance without addresses and one with a /32 and an excluded address:
     * Prometheus's linter accepts every scrape.
     */
    @Test
    void everyMetricsOutputPassesPromtool() throws Exception {
        NetNs.Namespace h3 = lab.namespace("h3");
        lab.plug(h3, "eth0", sw, "br0", "p3");
        h3.addAddress("eth0", "10.78.0.3/24");
        String config = """
                global_defs {
                  router_id lint
                }
                vrrp_instance VI_1 {
                  state BACKUP
                  interface eth0
                  virtual_router_id 51
                  priority 150
                  advert_int 1
                  virtual_ipaddress {
                    10.78.0.100/24
                    10.78.1.100
                  }
                  virtual_ipaddress_excluded {
                    fd00:78::100/64
                  }
                }
                vrrp_instance VI_2 {
                  state BACKUP
                  interface eth0
                  virtual_router_id 52
                  priority 100
                  advert_int 1
                }
                """;
        record Mode(String name, NetNs.Namespace ns, String family, List<String> args) {}
        List<Mode> modes = List.of(new Mode("native", h1, "keepwatch_vrrp_state", List.of()),
                new Mode("mehdy", h2, "keepalived_vrrp_excluded_state", List.of("--metrics-keepalived-compat")),
                new Mode("gen2brain", h3, "keepalived_vrrp_advert_rcvd",
                        List.of("--metrics-keepalived-compat=gen2brain")));
        List<KeepwatchProcess> daemons = new ArrayList<>();
        try {
            for (Mode mode : modes) {
                Path conf = dir.resolve("lint-" + mode.name() + ".conf");
                Files.writeString(conf, config);
                List<String> args = new ArrayList<>(List.of(
                        "--dump-state-file", dir.resolve(mode.name() + ".data").toString(),
                        "--dump-stats-file", dir.resolve(mode.name() + ".stats").toString()));
                args.addAll(mode.args());
                daemons.add(KeepwatchProcess.start(mode.ns().name(), conf, args.toArray(String[]::new)));
            }
            for (Mode mode : modes) {
                Deadline.await(mode.name() + ": both instances in the metrics", TIMEOUT, () -> {
                    try {
                        return scrape(mode.ns()).find("keepwatch_vrrp_state", Map.of()).size() == 2;
                    } catch (Exception | AssertionError notYet) {
                        return false;
                    }
                });
                String text = get(mode.ns(), "/metrics");
                assertThat(PrometheusText.parse(text).find(mode.family(), Map.of())).as(mode.name()).isNotEmpty();
                assertThat(text).as(mode.name()).contains("keepwatch_notifications_sent_total")
                        .contains("process_cpu_seconds_total");
                Promtool.Verdict verdict = Promtool.checkMetrics(text);
                assertThat(verdict.passed()).as(mode.name() + ": " + verdict.output()).isTrue();
            }
        } finally {
            for (KeepwatchProcess daemon : daemons) {
                daemon.close();
            }
        }
    }
}
