package io.keepwatch.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.keepwatch.metrics.StatusStore;
import io.keepwatch.runtime.Transition;
import io.keepwatch.testing.PrometheusText;
import io.keepwatch.vrrp.VrrpState;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import io.keepwatch.config.model.KeepalivedExporter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ObservabilityTest {

    private static final ControlServer.Handler NOTHING = new ControlServer.Handler() {
        public DaemonStatus status() {
            return new DaemonStatus("now", java.util.List.of());
        }

        public java.util.Optional<String> reload() {
            return java.util.Optional.empty();
        }

        public void stop() {}
    };

    @Test
    void aTakenMetricsPortDoesNotStopTheDaemonButATakenControlSocketDoes(@TempDir Path dir) throws IOException {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Observability.Settings settings = new Observability.Settings(
                    Optional.of(new InetSocketAddress(InetAddress.getLoopbackAddress(), taken.getLocalPort())), Set.of(KeepalivedExporter.MEHDY),
                    Optional.of(dir.resolve("c.sock")), dir.resolve("d"), dir.resolve("s"));
            try (Observability first = new Observability(settings, Clock.systemUTC())) {
                first.start(settings, NOTHING, () -> true);
                assertThat(first.httpAddress()).isEmpty();
                assertThat(dir.resolve("c.sock")).exists();
                assertThat(first.metrics().scrape()).contains("keepalived_up 1.0");

                Observability second = new Observability(settings, Clock.systemUTC());
                assertThatThrownBy(() -> second.start(settings, NOTHING, () -> true))
                        .hasMessageContaining("another keepwatch already listens");
                second.close();
            }
        }
    }

    @Test
    void theRegistryIsMadeAtTheFirstScrapeWithWhatTheStatusStoreCountedBefore(@TempDir Path dir) {
        Observability.Settings settings = new Observability.Settings(Optional.empty(),
                Set.of(KeepalivedExporter.MEHDY), Optional.empty(), dir.resolve("d"), dir.resolve("s"));
        try (Observability observability = new Observability(settings, Clock.systemUTC())) {
            List<MeterRegistry> made = new ArrayList<>();
            observability.metrics().whenMade(made::add);
            StatusStoreFeed.failover(observability.statusStore());
            assertThat(made).as("a registry made before anything asked for it").isEmpty();

            PrometheusText text = PrometheusText.parse(
                    observability.metrics().scrape());
            assertThat(made).hasSize(1);
            Map<String, String> vi1 = Map.of("instance", "VI_1", "interface", "eth0", "vrid", "51");
            assertThat(text.value("keepwatch_vrrp_state", vi1)).isEqualTo(2.0);
            assertThat(text.value("keepwatch_vrrp_adverts_received_total", vi1)).isEqualTo(1.0);
            assertThat(text.value("keepwatch_vrrp_became_master_total", vi1)).isEqualTo(1.0);
            assertThat(text.value("keepalived_up", Map.of())).isEqualTo(1.0);
            assertThat(text.type("keepwatch_check_lag_seconds")).contains("histogram");
        }
    }

    /** Reports to a status store what a backup that took over would. */
    private static final class StatusStoreFeed {
        static void failover(StatusStore store) {
            store.published(Snapshots.instance("VI_1", VrrpState.BACKUP, 100));
            store.advertReceived("VI_1", 120, false);
            store.transition(new Transition("VI_1", Optional.empty(),
                    VrrpState.BACKUP, VrrpState.MASTER, 100, "priority 0 advert",
                    Snapshots.T0, List.of()));
            store.published(Snapshots.instance("VI_1", VrrpState.MASTER, 100));
        }
    }
}
