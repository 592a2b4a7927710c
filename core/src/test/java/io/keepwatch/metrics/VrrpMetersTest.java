package io.keepwatch.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.keepwatch.control.Snapshots;
import io.keepwatch.runtime.Transition;
import io.keepwatch.testing.PrometheusText;
import io.keepwatch.vrrp.VrrpState;
import io.keepwatch.vrrp.codec.RejectReason;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class VrrpMetersTest {

    private static final Map<String, String> VI_1 = Map.of("instance", "VI_1", "interface", "eth0", "vrid", "51");

    private final Metrics metrics = Metrics.create();
    private final StatusStore statistics = new StatusStore();

    @AfterEach
    void close() {
        metrics.close();
    }

    private PrometheusText scrape() {
        return PrometheusText.parse(metrics.scrape());
    }

    private void failover() {
        statistics.published(Snapshots.instance("VI_1", VrrpState.BACKUP, 100));
        statistics.advertReceived("VI_1", 120, false);
        statistics.advertReceived("VI_1", 120, true);
        statistics.advertReceived("VI_1", 0, false);
        statistics.advertRejected("VI_1", RejectReason.AUTH_FAILURE);
        statistics.advertRejected("VI_1", RejectReason.TTL);
        statistics.advertRejected("VI_1", RejectReason.TTL);
        statistics.transition(new Transition("VI_1", Optional.empty(), VrrpState.BACKUP, VrrpState.MASTER, 100,
                "priority 0 advert", Snapshots.T0, List.of()));
        statistics.advertSent("VI_1", 100);
        statistics.advertSent("VI_1", 100);
        statistics.published(Snapshots.instance("VI_1", VrrpState.MASTER, 100));
    }

    @Test
    void keepwatchMetersFollowTheInstance() {
        VrrpMeters.bind(metrics.get(), statistics);
        failover();
        PrometheusText text = scrape();

        assertThat(text.value("keepwatch_vrrp_state", VI_1)).isEqualTo(2.0);
        assertThat(text.type("keepwatch_vrrp_state")).contains("gauge");
        assertThat(text.value("keepwatch_vrrp_priority_base", VI_1)).isEqualTo(100.0);
        assertThat(text.value("keepwatch_vrrp_priority_effective", VI_1)).isEqualTo(100.0);
        assertThat(text.value("keepwatch_vrrp_adverts_received_total", VI_1)).isEqualTo(3.0);
        assertThat(text.type("keepwatch_vrrp_adverts_received_total")).contains("counter");
        assertThat(text.value("keepwatch_vrrp_adverts_sent_total", VI_1)).isEqualTo(2.0);
        assertThat(text.value("keepwatch_vrrp_became_master_total", VI_1)).isEqualTo(1.0);
        assertThat(text.value("keepwatch_vrrp_released_master_total", VI_1)).isEqualTo(0.0);
        assertThat(text.value("keepwatch_vrrp_priority_zero_received_total", VI_1)).isEqualTo(1.0);
        assertThat(text.value("keepwatch_vrrp_address_list_mismatch_total", VI_1)).isEqualTo(1.0);
        assertThat(text.value("keepwatch_vrrp_adverts_rejected_total", with(VI_1, "reason", "ttl"))).isEqualTo(2.0);
        assertThat(text.value("keepwatch_vrrp_adverts_rejected_total", with(VI_1, "reason", "auth_failure")))
                .isEqualTo(1.0);
        assertThat(text.find("keepwatch_vrrp_adverts_rejected_total", VI_1)).hasSize(RejectReason.values().length);
        assertThat(text.value("keepwatch_vrrp_tracker_up", with(VI_1, "tracker", "chk_nginx"))).isEqualTo(1.0);
        assertThat(text.value("keepwatch_vrrp_last_transition_timestamp_seconds", VI_1))
                .isEqualTo(Snapshots.T0.plusSeconds(4).getEpochSecond());
        assertThat(text.find("keepalived_up", Map.of())).as("no compat names unless asked").isEmpty();
    }

    @Test
    void processAndJvmMetersAreThere() {
        PrometheusText text = scrape();
        assertThat(text.find("jvm_memory_used_bytes", Map.of())).isNotEmpty();
        assertThat(text.find("process_uptime_seconds", Map.of())).isNotEmpty();
        assertThat(text.find("jvm_threads_live_threads", Map.of())).isNotEmpty();
        assertThat(text.find("jvm_available_processors", Map.of())).isNotEmpty();
        assertThat(text.value("process_cpu_seconds_total", Map.of())).isPositive();
        assertThat(text.type("process_cpu_seconds_total")).contains("counter");
        assertThat(text.find("process_files_open_files", Map.of())).isNotEmpty();
    }

    @Test
    void aRemovedInstanceLeavesNoSeries() {
        VrrpMeters.bind(metrics.get(), statistics);
        failover();
        statistics.removed("VI_1");
        PrometheusText text = scrape();
        assertThat(text.samples()).noneMatch(s -> s.labels().containsValue("VI_1"));
    }

    @Test
    void aTransitionBeforeTheFirstSnapshotIsCounted() {
        VrrpMeters.bind(metrics.get(), statistics);
        // an address owner enters MASTER while handling START, before the first snapshot is published
        statistics.transition(new Transition("VI_1", Optional.empty(), VrrpState.INIT, VrrpState.MASTER, 255,
                "address owner", Snapshots.T0, List.of()));
        statistics.published(Snapshots.instance("VI_1", VrrpState.MASTER, 255));
        assertThat(scrape().value("keepwatch_vrrp_became_master_total", VI_1)).isEqualTo(1.0);
    }

    @Test
    void countersOfAReaderAfterRemovalDoNotResurrectTheInstance() {
        VrrpMeters.bind(metrics.get(), statistics);
        failover();
        statistics.removed("VI_1");
        statistics.advertReceived("VI_1", 100, false);
        statistics.advertRejected("VI_1", RejectReason.CHECKSUM);
        assertThat(statistics.instances()).isEmpty();
        assertThat(statistics.counters("VI_1").advertsReceived()).isZero();
    }

    private static Map<String, String> with(Map<String, String> labels, String key, String value) {
        Map<String, String> all = new java.util.HashMap<>(labels);
        all.put(key, value);
        return all;
    }
}
