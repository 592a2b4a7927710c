package io.keepwatch.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.keepwatch.control.Snapshots;
import io.keepwatch.runtime.AddressConflict;
import io.keepwatch.testing.PrometheusText;
import io.keepwatch.testing.Promtool;
import java.net.InetAddress;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ConflictMetersTest {

    private static final Map<String, String> VIP = Map.of("instance", "VI_1", "interface", "eth0", "vrid", "51",
            "address", "10.0.0.100");

    private final Metrics metrics = Metrics.create();
    private final StatusStore store = new StatusStore();

    @AfterEach
    void close() {
        metrics.close();
    }

    private static AddressConflict claim(String mac) {
        return new AddressConflict("VI_1", "eth0", 51, InetAddress.ofLiteral("10.0.0.100"), mac, Optional.empty(),
                Snapshots.T0);
    }

    private PrometheusText scrape() {
        return PrometheusText.parse(metrics.scrape());
    }

    @Test
    void theGaugeIsOneWhileAnyStationClaimsTheAddressAndTheCounterCountsEachClaim() throws Exception {
        ConflictMeters.bind(metrics.get(), store);
        assertThat(scrape().find("keepwatch_vrrp_address_conflict", Map.of())).as("no instance yet").isEmpty();
        store.published(Snapshots.instance("VI_1", io.keepwatch.vrrp.VrrpState.MASTER, 100));
        PrometheusText before = scrape();
        assertThat(before.value("keepwatch_vrrp_address_conflict", VIP)).isEqualTo(0.0);
        assertThat(before.value("keepwatch_vrrp_address_conflicts_total", VIP))
                .as("there from the start, so that increase() sees the first conflict").isEqualTo(0.0);

        AddressConflict first = claim("52:54:00:00:00:02");
        store.conflictNoticed(first);
        store.conflictNoticed(first.withOtherHost(InetAddress.ofLiteral("10.0.0.2")));
        store.conflictNoticed(claim("52:54:00:00:00:03"));
        PrometheusText during = scrape();
        assertThat(during.value("keepwatch_vrrp_address_conflict", VIP)).isEqualTo(1.0);
        assertThat(during.type("keepwatch_vrrp_address_conflict")).contains("gauge");
        assertThat(during.value("keepwatch_vrrp_address_conflicts_total", VIP))
                .as("the other host becoming known is the same conflict").isEqualTo(2.0);
        assertThat(during.type("keepwatch_vrrp_address_conflicts_total")).contains("counter");
        assertThat(store.conflicts().of("VI_1")).hasSize(2)
                .first().satisfies(c -> assertThat(c.otherHost()).contains(InetAddress.ofLiteral("10.0.0.2")));

        store.conflictEnded(first);
        assertThat(scrape().value("keepwatch_vrrp_address_conflict", VIP)).as("one claimant left").isEqualTo(1.0);
        store.conflictEnded(claim("52:54:00:00:00:03"));
        PrometheusText after = scrape();
        assertThat(after.value("keepwatch_vrrp_address_conflict", VIP)).isEqualTo(0.0);
        assertThat(after.value("keepwatch_vrrp_address_conflicts_total", VIP)).isEqualTo(2.0);
        assertThat(store.conflicts().of("VI_1")).isEmpty();

        store.conflictNoticed(first);
        assertThat(scrape().value("keepwatch_vrrp_address_conflicts_total", VIP)).isEqualTo(3.0);
        assertThat(Promtool.checkMetrics(metrics.scrape())).satisfies(v -> assertThat(v.passed()).as(v.output()).isTrue());
    }

    @Test
    void aRemovedInstanceTakesItsConflictsAndSeriesWithIt() {
        ConflictMeters.bind(metrics.get(), store);
        store.published(Snapshots.instance("VI_1", io.keepwatch.vrrp.VrrpState.MASTER, 100));
        store.conflictNoticed(claim("52:54:00:00:00:02"));
        store.removed("VI_1");
        assertThat(store.conflicts().of("VI_1")).isEmpty();
        assertThat(scrape().find("keepwatch_vrrp_address_conflict", Map.of())).isEmpty();
        assertThat(scrape().find("keepwatch_vrrp_address_conflicts_total", Map.of())).isEmpty();
    }
}
