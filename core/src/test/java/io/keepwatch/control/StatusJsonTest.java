package io.keepwatch.control;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.keepwatch.metrics.StatusStore;
import io.keepwatch.vrrp.VrrpState;
import java.util.List;
import org.junit.jupiter.api.Test;

class StatusJsonTest {

    private static DaemonStatus status() {
        StatusStore statistics = new StatusStore();
        statistics.published(Snapshots.instance("VI_2", VrrpState.BACKUP, 90));
        statistics.published(Snapshots.instance("VI_1", VrrpState.MASTER, 100));
        statistics.advertSent("VI_1", 100);
        return DaemonStatus.of(statistics, Snapshots.T0.plusSeconds(10));
    }

    @Test
    void theJsonHasEveryInstanceWithItsStateTrackersTransitionsAndPeers() throws Exception {
        JsonNode root = new ObjectMapper().readTree(StatusJson.write(status()));

        assertThat(root.get("generated").asText()).isEqualTo("2026-11-25T10:00:10Z");
        JsonNode instances = root.get("instances");
        assertThat(instances).hasSize(2);
        JsonNode vi1 = instances.get(0);
        assertThat(vi1.get("name").asText()).as("sorted by name").isEqualTo("VI_1");
        assertThat(vi1.get("state").asText()).isEqualTo("MASTER");
        assertThat(vi1.get("basePriority").asInt()).isEqualTo(100);
        assertThat(vi1.get("effectivePriority").asInt()).isEqualTo(100);
        assertThat(vi1.get("interfaceName").asText()).isEqualTo("eth0");
        assertThat(vi1.get("vrid").asInt()).isEqualTo(51);
        assertThat(vi1.get("vips").get(0).asText()).isEqualTo("10.0.0.100/24");
        assertThat(vi1.get("trackers").get(0).get("name").asText()).isEqualTo("chk_nginx");
        assertThat(vi1.get("trackers").get(0).get("up").asBoolean()).isTrue();
        JsonNode last = vi1.get("transitions").get(1);
        assertThat(last.get("from").asText()).isEqualTo("BACKUP");
        assertThat(last.get("to").asText()).isEqualTo("MASTER");
        assertThat(last.get("reason").asText()).isEqualTo("master down timer expired");
        assertThat(vi1.get("peers").get(0).get("address").asText()).isEqualTo("10.0.0.2");
        assertThat(vi1.get("peers").get(0).get("priority").asInt()).isEqualTo(90);
        assertThat(vi1.get("peers").get(0).get("lastAdvert").asText()).isEqualTo("2026-11-25T10:00:03Z");
        assertThat(vi1.get("counters").get("advertsSent").asLong()).isEqualTo(1);
        assertThat(vi1.get("counters").get("rejected").get("auth_failure").asLong()).isZero();
        assertThat(vi1.get("syncGroup").isNull()).isTrue();
    }

    @Test
    void whatIsWrittenReadsBack() throws Exception {
        DaemonStatus status = status();
        assertThat(StatusJson.read(StatusJson.write(status))).isEqualTo(status);
    }

    @Test
    void theTableShowsOneLinePerInstance() {
        List<String> lines = StatusTable.render(status()).lines().toList();
        assertThat(lines).hasSize(3);
        assertThat(lines.get(0)).startsWith("INSTANCE").contains("STATE").contains("PRIORITY");
        assertThat(lines.get(1)).startsWith("VI_1").contains("MASTER").contains("eth0").contains("10.0.0.100/24")
                .contains("10.0.0.2(90)");
        assertThat(lines.get(2)).startsWith("VI_2").contains("BACKUP");
    }

    @Test
    void thePageShowsTheInstanceItsStateAndEscapesNames() {
        StatusStore statistics = new StatusStore();
        statistics.published(Snapshots.instance("VI_<script>", VrrpState.MASTER, 100));
        String html = StatusPage.render(DaemonStatus.of(statistics, Snapshots.T0), "lb1");
        assertThat(html).contains("VI_&lt;script&gt;").doesNotContain("<script>")
                .contains("<span class=\"state MASTER\">MASTER</span>")
                .contains("http-equiv=\"refresh\"")
                .doesNotContain("src=\"http").doesNotContain("href=\"http");
    }
}
