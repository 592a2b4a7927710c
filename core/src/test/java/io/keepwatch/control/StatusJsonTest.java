package io.keepwatch.control;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.keepwatch.metrics.StatusStore;
import io.keepwatch.runtime.AddressConflict;
import io.keepwatch.runtime.Transition;
import io.keepwatch.vrrp.VrrpState;
import java.net.InetAddress;
import java.util.List;
import java.util.Optional;
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
    void eachInstanceShowsItsModeAndWitness() throws Exception {
        StatusStore statistics = new StatusStore();
        statistics.published(Snapshots.instance("VI_1", VrrpState.MASTER, 100));
        statistics.published(Snapshots.witnessed(Snapshots.instance("VI_2", VrrpState.BACKUP, 90),
                io.keepwatch.config.model.WitnessUse.election("main")));
        statistics.published(Snapshots.witnessed(Snapshots.instance("VI_3", VrrpState.BACKUP, 90),
                io.keepwatch.config.model.WitnessUse.fence("etcd")));
        DaemonStatus status = DaemonStatus.of(statistics, Snapshots.T0.plusSeconds(10));

        JsonNode instances = new ObjectMapper().readTree(StatusJson.write(status)).get("instances");
        assertThat(instances.get(0).get("mode").asText()).isEqualTo("vrrp");
        assertThat(instances.get(0).get("witness").isNull()).isTrue();
        assertThat(instances.get(1).get("mode").asText()).isEqualTo("election");
        assertThat(instances.get(1).get("witness").asText()).isEqualTo("main");
        assertThat(instances.get(2).get("mode").asText()).isEqualTo("fenced");
        assertThat(instances.get(2).get("witness").asText()).isEqualTo("etcd");
        assertThat(StatusJson.read(StatusJson.write(status))).isEqualTo(status);

        List<String> lines = StatusTable.render(status).lines().toList();
        assertThat(lines.get(0)).contains("MODE");
        assertThat(lines.get(1)).startsWith("VI_1").contains(" vrrp ");
        assertThat(lines.get(2)).startsWith("VI_2").contains(" election(main) ");
        assertThat(lines.get(3)).startsWith("VI_3").contains(" fenced(etcd) ");

        String html = StatusPage.render(status, "lb1");
        assertThat(html).contains("election (witness main)").contains("fenced (witness etcd)");
    }

    @Test
    void aWitnessedInstanceShowsWhoHoldsItsKey() throws Exception {
        StatusStore statistics = new StatusStore();
        statistics.published(Snapshots.instance("VI_1", VrrpState.MASTER, 100));
        statistics.published(Snapshots.held(Snapshots.instance("VI_2", VrrpState.BACKUP, 90),
                io.keepwatch.config.model.WitnessUse.fence("main"), "lb2"));
        statistics.published(Snapshots.witnessed(Snapshots.instance("VI_3", VrrpState.BACKUP, 90),
                io.keepwatch.config.model.WitnessUse.election("main")));
        DaemonStatus status = DaemonStatus.of(statistics, Snapshots.T0.plusSeconds(10));

        JsonNode instances = new ObjectMapper().readTree(StatusJson.write(status)).get("instances");
        assertThat(instances.get(0).get("witnessHolder").isNull()).as("plain VRRP").isTrue();
        assertThat(instances.get(1).get("witnessHolder").asText()).isEqualTo("lb2");
        assertThat(instances.get(2).get("witnessHolder").isNull()).as("free, or not known").isTrue();
        assertThat(StatusJson.read(StatusJson.write(status))).isEqualTo(status);

        List<String> lines = StatusTable.render(status).lines().toList();
        assertThat(lines.get(0)).containsPattern("MODE +HOLDER +INTERFACE");
        assertThat(lines.get(1)).containsPattern(" vrrp +- +eth0 ");
        assertThat(lines.get(2)).containsPattern(" fenced\\(main\\) +lb2 +eth0 ");
        assertThat(lines.get(3)).containsPattern(" election\\(main\\) +- +eth0 ");

        String html = StatusPage.render(status, "lb1");
        assertThat(html).contains("<th>key held by</th><td>lb2</td>").contains("<td>nobody, or not known yet</td>");
        assertThat(html.split("key held by", -1)).as("a row for the two witnessed instances only").hasSize(3);
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

    @Test
    void theJsonHasTheConflictsTheMasterHeardAndTheLastHourAsBands() throws Exception {
        StatusStore store = new StatusStore();
        // the store keeps the hour's transitions as they happen; the snapshot's are the last ten only
        store.transition(new Transition("VI_1", Optional.empty(), VrrpState.INIT, VrrpState.BACKUP, 100, "start",
                Snapshots.T0.minusSeconds(7200), List.of()));
        store.transition(new Transition("VI_1", Optional.empty(), VrrpState.BACKUP, VrrpState.MASTER, 100, "timer",
                Snapshots.T0.minusSeconds(1800), List.of()));
        store.transition(new Transition("VI_1", Optional.empty(), VrrpState.MASTER, VrrpState.FAULT, 100, "link",
                Snapshots.T0.minusSeconds(600), List.of()));
        store.published(Snapshots.instance("VI_1", VrrpState.FAULT, 100));
        store.conflictNoticed(new AddressConflict("VI_1", "eth0", 51, InetAddress.ofLiteral("10.0.0.100"),
                "52:54:00:00:00:09", Optional.of(InetAddress.ofLiteral("10.0.0.9")), Snapshots.T0.minusSeconds(12)));
        DaemonStatus status = DaemonStatus.of(store, Snapshots.T0);
        JsonNode vi1 = new ObjectMapper().readTree(StatusJson.write(status)).get("instances").get(0);

        JsonNode conflict = vi1.get("conflicts").get(0);
        assertThat(conflict.get("address").asText()).isEqualTo("10.0.0.100");
        assertThat(conflict.get("foreignMac").asText()).isEqualTo("52:54:00:00:00:09");
        assertThat(conflict.get("otherHost").asText()).isEqualTo("10.0.0.9");
        assertThat(conflict.get("since").asText()).isEqualTo("2026-11-25T09:59:48Z");
        assertThat(vi1.get("heardMaster").get("address").asText()).isEqualTo("10.0.0.2");
        assertThat(vi1.get("heardMaster").get("priority").asInt()).isEqualTo(90);
        assertThat(status.instances().getFirst().timeline()).containsExactly(
                new DaemonStatus.Band("BACKUP", "2026-11-25T09:00:00Z", "2026-11-25T09:30:00Z"),
                new DaemonStatus.Band("MASTER", "2026-11-25T09:30:00Z", "2026-11-25T09:50:00Z"),
                new DaemonStatus.Band("FAULT", "2026-11-25T09:50:00Z", "2026-11-25T10:00:00Z"));
        assertThat(StatusJson.read(StatusJson.write(status))).isEqualTo(status);
        assertThat(StatusTable.render(status).lines().toList().get(1))
                .contains("10.0.0.100@52:54:00:00:00:09(10.0.0.9)");
    }

    @Test
    void thePageSaysTimesRelativeWithTheExactTimeOnHover() {
        assertThat(RelativeTime.ago(Snapshots.T0.minusSeconds(12), Snapshots.T0)).isEqualTo("12 s ago");
        assertThat(RelativeTime.ago(Snapshots.T0.minusSeconds(250), Snapshots.T0)).isEqualTo("4 min 10 s ago");
        assertThat(RelativeTime.ago(Snapshots.T0.minusSeconds(7500), Snapshots.T0)).isEqualTo("2 h 5 min ago");
        assertThat(RelativeTime.ago(Snapshots.T0.minusMillis(300), Snapshots.T0)).isEqualTo("just now");
        assertThat(RelativeTime.ago(Snapshots.T0.plusSeconds(3), Snapshots.T0)).isEqualTo("in 3 s");
        StatusStore store = new StatusStore();
        store.published(Snapshots.instance("VI_1", VrrpState.MASTER, 100));
        String html = StatusPage.render(DaemonStatus.of(store, Snapshots.T0.plusSeconds(60)), "lb1");
        assertThat(html).contains("<time datetime=\"2026-11-25T10:00:04Z\" title=\"2026-11-25T10:00:04Z\">56 s ago</time>")
                .doesNotContain(">2026-11-25T10:00:04Z<");
    }
}
