package io.keepwatch.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.keepwatch.config.diagnostic.Diagnostic;
import io.keepwatch.config.model.KeepalivedConfig;
import io.keepwatch.config.model.TrackFileConfig;
import io.keepwatch.config.model.TrackProcessConfig;
import io.keepwatch.config.model.TrackProcessConfig.ParamMatch;
import io.keepwatch.config.model.TrackedObjects;
import io.keepwatch.config.model.TrackedScript;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

/**
 * track_file, vrrp_track_process, their track_file / track_process entries, track_src_ip and
 * track_bfd, read as keepalived 2.2.7 reads them (track_file.c, vrrp_parser.c, vrrp.c).
 */
class TrackFileAndProcessConfigTest {
    private static final String FILES = "track_file app { file /run/app.state\n weight 5 reverse\n init_file 3 overwrite }\n"
            + "vrrp_track_file plain { file /run/plain }\n";
    private static final String PROCESSES = "vrrp_track_process daemon { process sleep 300\n param_match partial\n"
            + " weight 10 reverse\n quorum 2\n quorum_max 3\n fork_delay 0.5\n terminate_delay 2 }\n"
            + "vrrp_track_process none { process crond\n quorum_max 0 }\n";

    private static String instance(String name, int vrid, String body) {
        return "vrrp_instance " + name + " { interface eth0\n virtual_router_id " + vrid + "\n"
                + " virtual_ipaddress { 10.0.0." + vrid + "/24 }\n" + body + "\n}\n";
    }

    private static ConfigResult load(String text) {
        return ConfigLoader.loadString("t.conf", text, Path.of("/nonexistent"), "node1");
    }

    private static ConfigResult read(String text) {
        ConfigResult r = load(text);
        assertThat(r.errors()).isEmpty();
        return r;
    }

    private static List<String> warnings(ConfigResult r) {
        return r.warnings().stream().map(Diagnostic::toString).toList();
    }

    @Test
    void trackFileBlocksWithTheirDefaults() {
        ConfigResult r = read(FILES);
        KeepalivedConfig c = r.config().orElseThrow();
        assertThat(c.trackers().files()).containsExactly(
                new TrackFileConfig("app", "/run/app.state", 5, true, Optional.of(new TrackFileConfig.InitFile(3, true))),
                new TrackFileConfig("plain", "/run/plain", 1, false, Optional.empty()));
        assertThat(warnings(r)).containsExactly("t.conf:4: warning: vrrp_track_file is deprecated; read as track_file");
    }

    @Test
    void trackProcessBlocks() {
        ConfigResult r = read(PROCESSES);
        KeepalivedConfig c = r.config().orElseThrow();
        assertThat(warnings(r)).isEmpty();
        assertThat(c.trackers().processes()).containsExactly(
                new TrackProcessConfig("daemon", "sleep", List.of("300"), ParamMatch.PARTIAL, 10, true, 2, 3,
                        Duration.ofMillis(500), Duration.ofSeconds(2), true),
                // quorum_max 0 alone: the process must not run (quorum 0)
                new TrackProcessConfig("none", "crond", List.of(), ParamMatch.NONE, 0, false, 0, 0,
                        Duration.ZERO, Duration.ZERO, false));
    }

    @Test
    void processArgumentsMeanTheWholeCommandLineExactly() {
        TrackProcessConfig p = read("vrrp_track_process p { process /usr/sbin/haproxy -f /etc/haproxy.cfg }\n")
                .config().orElseThrow().trackers().processes().getFirst();
        assertThat(p.paramMatch()).isEqualTo(ParamMatch.EXACT);
        assertThat(p.fullCommand()).isTrue();
        assertThat(p.parameters()).containsExactly("-f", "/etc/haproxy.cfg");
        assertThat(p.quorum()).isEqualTo(1);
        assertThat(p.quorumMax()).isEqualTo(TrackProcessConfig.NO_QUORUM_MAX);
    }

    @Test
    void entriesInInstancesAndGroupsTakeTheBlocksWeightUnlessTheyGiveOne() {
        ConfigResult r = read(FILES + PROCESSES + instance("VI_1", 1, "track_file {\n app weight 7\n plain\n }\n"
                + " track_process { daemon weight -3 noreverse }\n track_src_ip\n unicast_src_ip 10.0.0.9")
                + instance("VI_2", 2, "") + "vrrp_sync_group G { group { VI_2 }\n track_file { plain weight 0 }\n"
                + " track_process { none }\n sync_group_tracking_weight }\n");
        KeepalivedConfig c = r.config().orElseThrow();
        assertThat(c.instances().getFirst().tracked()).isEqualTo(new TrackedObjects(
                List.of(new TrackedScript("app", OptionalInt.of(7), true), new TrackedScript("plain", OptionalInt.empty(), false)),
                List.of(new TrackedScript("daemon", OptionalInt.of(-3), false)), true));
        assertThat(c.syncGroups().getFirst().tracked()).isEqualTo(new TrackedObjects(
                List.of(new TrackedScript("plain", OptionalInt.of(0), false)),
                List.of(new TrackedScript("none", OptionalInt.empty(), false)), false));
        assertThat(warnings(r)).containsExactly("t.conf:4: warning: vrrp_track_file is deprecated; read as track_file");
    }

    @Test
    void aSyncGroupMemberWithoutTrackingWeightTracksTheDefaultWeightAsZeroAndDropsOthers() {
        // keepalived vrrp_complete_instance: weight 1 (the default) becomes 0, another weight is ignored
        ConfigResult r = read(FILES + instance("VI_1", 1, "track_file {\n plain\n app\n }")
                + "vrrp_sync_group G { group { VI_1 } }\n");
        assertThat(r.config().orElseThrow().instances().getFirst().tracked().files())
                .containsExactly(new TrackedScript("plain", OptionalInt.of(0), false));
        assertThat(warnings(r)).contains(
                "t.conf:9: warning: vrrp_instance VI_1: track_file plain tracks with weight 0 since it is in"
                        + " vrrp_sync_group G without sync_group_tracking_weight (write weight 0 to say so)",
                "t.conf:10: warning: vrrp_instance VI_1: track_file app with weight 5 is ignored since it is in"
                        + " vrrp_sync_group G without sync_group_tracking_weight");
    }

    @Test
    void aGroupWithAnOwnerTracksFilesAndProcessesWithoutWeight() {
        ConfigResult r = read(FILES + PROCESSES + instance("VI_1", 1, "priority 255")
                + "vrrp_sync_group G { group { VI_1 }\n track_file { app }\n track_process { daemon }\n }\n");
        TrackedObjects tracked = r.config().orElseThrow().syncGroups().getFirst().tracked();
        assertThat(tracked.files()).containsExactly(new TrackedScript("app", OptionalInt.of(0), true));
        assertThat(tracked.processes()).containsExactly(new TrackedScript("daemon", OptionalInt.of(0), true));
    }

    @Test
    void trackSrcIpWithoutAConfiguredSourceIsDropped() {
        ConfigResult r = read(instance("VI_1", 1, "track_src_ip"));
        assertThat(r.config().orElseThrow().instances().getFirst().tracked().sourceAddress()).isFalse();
        assertThat(warnings(r)).containsExactly("t.conf:1: warning: vrrp_instance VI_1: track_src_ip ignored; it"
                + " tracks the unicast_src_ip or mcast_src_ip the instance sets, and it sets neither");
    }

    @Test
    void trackBfdIsIgnoredWithAWarningThatSaysWhy() {
        ConfigResult r = read(instance("VI_1", 1, "track_bfd { b1 }") + "vrrp_sync_group G { group { VI_1 }\n"
                + " track_bfd { b1 }\n sync_group_tracking_weight }\n");
        assertThat(warnings(r)).hasSize(2).allMatch(w -> w.contains("track_bfd") && w.contains("BFD is out of scope"));
    }

    @Test
    void errorsNameTheLine() {
        ConfigResult r = load("track_file f { weight 5 }\nvrrp_track_process p { weight 300 }\n"
                + instance("VI_1", 1, "track_file { nothere }\n track_process { f }"));
        assertThat(r.errors().stream().map(Diagnostic::toString).toList()).containsExactly(
                "t.conf:1: track_file f has no file",
                "t.conf:2: weight 300 is out of range -254..254",
                "t.conf:2: vrrp_track_process p has no process",
                "t.conf:6: track_file 'nothere' names no track_file",
                "t.conf:7: track_process 'f' names no vrrp_track_process");
    }

    @Test
    void printedAndReadAgainGivesTheSameModel() {
        KeepalivedConfig c = read(FILES + PROCESSES + instance("VI_1", 1, "track_file {\n app weight 7 noreverse\n"
                + " plain\n }\n track_process { daemon weight -3 }\n track_src_ip\n mcast_src_ip 10.0.0.9")
                + instance("VI_2", 2, "") + "vrrp_sync_group G { group { VI_2 }\n track_file { plain weight 0 }\n"
                + " track_process { none }\n sync_group_tracking_weight }\n").config().orElseThrow();
        String printed = ConfigPrinter.print(c, true);
        ConfigResult again = load(printed);
        assertThat(again.diagnostics()).as(printed).isEmpty();
        assertThat(again.config().orElseThrow()).as(printed).isEqualTo(c);
    }
}
