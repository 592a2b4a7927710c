package io.keepwatch.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.keepwatch.config.model.KeepalivedExporter;
import io.keepwatch.control.Snapshots;
import io.keepwatch.plugin.api.CheckResult;
import io.keepwatch.plugin.api.HealthCheckSettings;
import io.keepwatch.plugins.CheckScheduler;
import io.keepwatch.plugins.Ticker;
import io.keepwatch.runtime.InstanceStatus;
import io.keepwatch.runtime.Transition;
import io.keepwatch.testing.Deadline;
import io.keepwatch.testing.PrometheusText;
import io.keepwatch.testing.Promtool;
import io.keepwatch.vrrp.VirtualAddress;
import io.keepwatch.vrrp.VrrpState;
import io.keepwatch.vrrp.codec.RejectReason;
import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The keepalived exporters' names, labels and values, against what mehdy/keepalived-exporter and
 * gen2brain/keepalived_exporter would serve for keepalived running the same instances.
 */
class KeepalivedCompatMetersTest {

    private static final VirtualAddress ON_INTERFACE = vip("10.0.0.100", 24);
    private static final VirtualAddress ON_ETH1 = vip("10.0.1.100", 32);
    private static final VirtualAddress WITH_BRD = vip("10.0.2.100", 24);
    private static final VirtualAddress EXCLUDED_V6 = vip("2001:db8:0:0:0:0:0:100", 64);

    private final Metrics metrics = Metrics.create();
    private final StatusStore statistics = new StatusStore();

    /** What run() counted for VI_1, by keepalived's statistic. */
    private static final Map<KeepalivedStat, Double> EXPECTED = Map.ofEntries(
            Map.entry(KeepalivedStat.ADVERT_RCVD, 3.0), Map.entry(KeepalivedStat.ADVERT_SENT, 1.0),
            Map.entry(KeepalivedStat.BECOME_MASTER, 1.0), Map.entry(KeepalivedStat.RELEASE_MASTER, 0.0),
            Map.entry(KeepalivedStat.PACKET_LEN_ERR, 2.0), Map.entry(KeepalivedStat.ADVERT_INTERVAL_ERR, 1.0),
            Map.entry(KeepalivedStat.IP_TTL_ERR, 2.0), Map.entry(KeepalivedStat.INVALID_TYPE_RCVD, 0.0),
            Map.entry(KeepalivedStat.ADDR_LIST_ERR, 1.0), Map.entry(KeepalivedStat.INVALID_AUTHTYPE, 0.0),
            Map.entry(KeepalivedStat.AUTHTYPE_MISMATCH, 0.0), Map.entry(KeepalivedStat.AUTH_FAILURE, 0.0),
            Map.entry(KeepalivedStat.PRI_ZERO_RCVD, 1.0), Map.entry(KeepalivedStat.PRI_ZERO_SENT, 0.0));

    private static final HealthCheckSettings EVERY_50_MS =
            new HealthCheckSettings(Duration.ofMillis(50), Duration.ofSeconds(1), 1, 1, 0, false);
    private final CountDownLatch release = new CountDownLatch(1);
    private CheckScheduler scheduler;

    @AfterEach
    void close() {
        release.countDown();
        if (scheduler != null) {
            scheduler.close();
        }
        metrics.close();
    }

    private static VirtualAddress vip(String address, int prefix) {
        return new VirtualAddress(InetAddress.ofLiteral(address), prefix);
    }

    /** VI_1 with three addresses (one on eth0, one with dev eth1, one with brd) and an excluded IPv6 one; VI_2 with none. */
    private InstanceStatus vi1(VrrpState s) {
        return new InstanceStatus("VI_1", Optional.empty(), "eth0", 51, 2, "PASS", s, VrrpState.BACKUP, 100, 100, 100,
                true, InetAddress.ofLiteral("10.0.0.1"), List.of(ON_INTERFACE, ON_ETH1, WITH_BRD), List.of(EXCLUDED_V6),
                List.of(), List.of(), List.of(), Snapshots.T0, Duration.ofSeconds(3),
                Map.of(ON_ETH1, new InstanceStatus.Placement("eth1", Optional.empty()),
                        WITH_BRD, new InstanceStatus.Placement("eth0", Optional.of(InetAddress.ofLiteral("10.0.2.255"))),
                        EXCLUDED_V6, new InstanceStatus.Placement("eth2", Optional.empty())));
    }

    private static InstanceStatus vi2() {
        return new InstanceStatus("VI_2", Optional.empty(), "eth1", 52, 3, "NONE", VrrpState.BACKUP, VrrpState.BACKUP,
                90, 90, 100, true, InetAddress.ofLiteral("10.0.1.1"), List.of(), List.of(), List.of(), List.of(),
                List.of(), Snapshots.T0);
    }

    private void run(Set<KeepalivedExporter> exporters) throws InterruptedException {
        VrrpMeters.bind(metrics.get(), statistics);
        KeepalivedCompatMeters.bind(metrics, statistics, exporters);
        // the daemon's check scheduler on the same registry: one script up, one down, one still in its first run
        scheduler = new CheckScheduler(Ticker.system(), (name, up, message) -> { }, metrics.get());
        scheduler.add("chk_web", timeout -> CheckResult.up("ok"), EVERY_50_MS);
        scheduler.add("chk_db", timeout -> CheckResult.down("refused"), EVERY_50_MS);
        scheduler.add("chk_new", timeout -> {
            release.await();
            return CheckResult.up("late");
        }, new HealthCheckSettings(Duration.ofSeconds(60), Duration.ofSeconds(30), 1, 1, 0, false));
        scheduler.start();
        Deadline.await("each script reported or running", Duration.ofSeconds(10),
                () -> scheduler.state("chk_web").isPresent() && scheduler.state("chk_db").isPresent()
                        && metrics.scrape().contains("keepwatch_check_run_state{check=\"chk_new\"} 1"));

        statistics.published(vi1(VrrpState.BACKUP));
        statistics.published(vi2());
        statistics.advertReceived("VI_1", 120, false);
        statistics.advertReceived("VI_1", 120, true);
        statistics.advertReceived("VI_1", 0, false);
        statistics.advertRejected("VI_1", RejectReason.TTL);
        statistics.advertRejected("VI_1", RejectReason.TTL);
        statistics.advertRejected("VI_1", RejectReason.LENGTH);
        statistics.advertRejected("VI_1", RejectReason.IP_TOTAL_LENGTH);
        statistics.advertRejected("VI_1", RejectReason.ADVERT_INTERVAL_MISMATCH);
        statistics.transition(new Transition("VI_1", Optional.empty(), VrrpState.BACKUP, VrrpState.MASTER, 100,
                "master down timer expired", Snapshots.T0, List.of()));
        statistics.advertSent("VI_1", 100);
        statistics.published(vi1(VrrpState.MASTER));
    }

    private static java.util.Set<String> keepalivedNames(PrometheusText text) {
        return text.samples().stream().map(PrometheusText.Sample::name).filter(n -> n.startsWith("keepalived_"))
                .collect(java.util.stream.Collectors.toSet());
    }

    private static Map<String, String> ka(String iname, String intf, String vrid) {
        return Map.of("iname", iname, "intf", intf, "vrid", vrid);
    }

    private static Map<String, String> state(String iname, String intf, String vrid, String ip) {
        return Map.of("iname", iname, "intf", intf, "vrid", vrid, "ip_address", ip);
    }

    @Test
    void mehdysExporterNamesLabelsAndValues() throws Exception {
        run(Set.of(KeepalivedExporter.MEHDY));
        PrometheusText text = PrometheusText.parse(metrics.scrape());

        assertThat(keepalivedNames(text)).containsExactlyInAnyOrder("keepalived_up",
                "keepalived_exporter_build_info", "keepalived_vrrp_state", "keepalived_vrrp_excluded_state",
                "keepalived_gratuitous_arp_delay_total", "keepalived_advertisements_received_total",
                "keepalived_advertisements_sent_total", "keepalived_become_master_total",
                "keepalived_release_master_total", "keepalived_packet_length_errors_total",
                "keepalived_advertisements_interval_errors_total", "keepalived_ip_ttl_errors_total",
                "keepalived_invalid_type_received_total", "keepalived_address_list_errors_total",
                "keepalived_authentication_invalid_total", "keepalived_authentication_mismatch_total",
                "keepalived_authentication_failure_total", "keepalived_priority_zero_received_total",
                "keepalived_priority_zero_sent_total", "keepalived_script_status", "keepalived_script_state");
        assertThat(text.value("keepalived_up", Map.of())).isEqualTo(1);
        // one series per address: keepalived's text for it, and the third word of its line as intf
        assertThat(text.find("keepalived_vrrp_state", Map.of("iname", "VI_1"))).hasSize(3);
        assertThat(text.value("keepalived_vrrp_state", state("VI_1", "eth0", "51", "10.0.0.100/24"))).isEqualTo(2);
        assertThat(text.value("keepalived_vrrp_state", state("VI_1", "eth1", "51", "10.0.1.100"))).isEqualTo(2);
        assertThat(text.value("keepalived_vrrp_state", state("VI_1", "10.0.2.255", "51", "10.0.2.100/24")))
                .isEqualTo(2);
        assertThat(text.value("keepalived_vrrp_state", state("VI_2", "eth1", "52", ""))).as("no addresses")
                .isEqualTo(1);
        assertThat(text.value("keepalived_vrrp_excluded_state", state("VI_1", "eth2", "51", "2001:db8::100/64")))
                .isEqualTo(2);
        assertThat(text.type("keepalived_vrrp_state")).contains("gauge");

        assertThat(text.value("keepalived_gratuitous_arp_delay_total", ka("VI_1", "eth0", "51"))).isEqualTo(3);
        assertThat(text.value("keepalived_gratuitous_arp_delay_total", ka("VI_2", "eth1", "52"))).isEqualTo(5);
        Map<String, String> vi1 = ka("VI_1", "eth0", "51");
        EXPECTED.forEach((stat, value) ->
                assertThat(text.value(stat.mehdyName() + "_total", vi1)).as(stat.name()).isEqualTo(value));
        assertThat(text.type("keepalived_advertisements_received_total")).contains("counter");
        assertThat(text.value("keepalived_advertisements_received_total", ka("VI_2", "eth1", "52"))).isZero();

        // scripts only: the checks the scheduler runs, never the tracked interfaces
        assertThat(text.find("keepalived_script_status", Map.of())).hasSize(3);
        assertThat(text.value("keepalived_script_status", Map.of("name", "chk_web"))).isEqualTo(1);
        assertThat(text.value("keepalived_script_status", Map.of("name", "chk_db"))).isZero();
        assertThat(text.value("keepalived_script_status", Map.of("name", "chk_new"))).isEqualTo(1);
        assertThat(text.value("keepalived_script_state", Map.of("name", "chk_new"))).as("running").isEqualTo(1);

        assertThat(text.find("keepalived_exporter_build_info", Map.of("goos", "linux", "tags", "keepwatch")))
                .singleElement().satisfies(s -> assertThat(s.labels()).containsKeys("version", "revision",
                        "branch", "goversion", "goarch"));
        assertThat(text.find("keepalived_vrrp_advert_rcvd", Map.of())).as("gen2brain's only when asked").isEmpty();
        assertThat(Promtool.checkMetrics(metrics.scrape())).satisfies(v -> assertThat(v.passed()).as(v.output()).isTrue());
    }

    @Test
    void gen2brainsExporterNamesFollowTheState() throws Exception {
        run(Set.of(KeepalivedExporter.GEN2BRAIN));
        PrometheusText text = PrometheusText.parse(metrics.scrape());
        Map<String, String> master = Map.of("name", "VI_1", "intf", "eth0", "vrid", "51", "state", "MASTER");

        assertThat(keepalivedNames(text)).containsExactlyInAnyOrder("keepalived_up",
                "keepalived_vrrp_advert_rcvd", "keepalived_vrrp_advert_sent", "keepalived_vrrp_become_master",
                "keepalived_vrrp_release_master", "keepalived_vrrp_packet_len_err",
                "keepalived_vrrp_advert_interval_err", "keepalived_vrrp_ip_ttl_err",
                "keepalived_vrrp_invalid_type_rcvd", "keepalived_vrrp_addr_list_err",
                "keepalived_vrrp_invalid_authtype", "keepalived_vrrp_authtype_mismatch",
                "keepalived_vrrp_auth_failure", "keepalived_vrrp_pri_zero_rcvd", "keepalived_vrrp_pri_zero_sent");
        assertThat(text.value("keepalived_up", Map.of())).isEqualTo(1);
        EXPECTED.forEach((stat, value) ->
                assertThat(text.value(stat.gen2brainName(), master)).as(stat.name()).isEqualTo(value));
        assertThat(text.value("keepalived_vrrp_ip_ttl_err", master)).as("the TTL errors").isEqualTo(2);
        assertThat(text.type("keepalived_vrrp_advert_rcvd")).contains("untyped");
        assertThat(text.value("keepalived_vrrp_advert_rcvd",
                Map.of("name", "VI_2", "intf", "eth1", "vrid", "52", "state", "BACKUP"))).isZero();
        assertThat(text.find("keepalived_vrrp_state", Map.of())).as("mehdy's only when asked").isEmpty();

        statistics.transition(new Transition("VI_1", Optional.empty(), VrrpState.MASTER, VrrpState.BACKUP, 100,
                "higher priority advert", Snapshots.T0, List.of()));
        statistics.published(vi1(VrrpState.BACKUP));
        PrometheusText after = PrometheusText.parse(metrics.scrape());
        assertThat(after.find("keepalived_vrrp_release_master", Map.of("name", "VI_1"))).singleElement()
                .satisfies(s -> assertThat(s.labels()).containsEntry("state", "BACKUP"))
                .satisfies(s -> assertThat(s.value()).isEqualTo(1));
        assertThat(Promtool.checkMetrics(metrics.scrape())).satisfies(v -> assertThat(v.passed()).as(v.output()).isTrue());
    }

    @Test
    void bothAtOnceAndARemovedInstanceLeavesNoSeries() throws Exception {
        run(Set.of(KeepalivedExporter.MEHDY, KeepalivedExporter.GEN2BRAIN));
        assertThat(Promtool.checkMetrics(metrics.scrape())).satisfies(v -> assertThat(v.passed()).as(v.output()).isTrue());
        statistics.removed("VI_1");
        PrometheusText text = PrometheusText.parse(metrics.scrape());
        assertThat(text.samples()).noneMatch(s -> s.labels().containsValue("VI_1"));
        assertThat(text.find("keepalived_vrrp_state", Map.of("iname", "VI_2"))).hasSize(1);
        assertThat(text.find("keepalived_vrrp_advert_rcvd", Map.of("name", "VI_2"))).hasSize(1);
    }

    @Test
    void theNativeOutputPassesPromtool() throws Exception {
        run(Set.of());
        assertThat(PrometheusText.parse(metrics.scrape()).find("keepalived_up", Map.of())).isEmpty();
        assertThat(Promtool.checkMetrics(metrics.scrape())).satisfies(v -> assertThat(v.passed()).as(v.output()).isTrue());
    }
}
