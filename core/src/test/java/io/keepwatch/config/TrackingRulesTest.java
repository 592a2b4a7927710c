package io.keepwatch.config;

import io.keepwatch.config.diagnostic.Diagnostic;
import static org.assertj.core.api.Assertions.assertThat;

import io.keepwatch.config.model.InitialState;
import io.keepwatch.config.model.KeepalivedConfig;
import io.keepwatch.config.model.TrackedInterface;
import io.keepwatch.config.model.TrackedScript;
import io.keepwatch.config.model.VrrpInstanceConfig;
import io.keepwatch.vrrp.codec.AuthType;
import java.util.List;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

/** keepalived 2.2.7's completion of tracking and of the election settings (vrrp_complete_instance, sync_group_tracking_init). */
class TrackingRulesTest {
    private static final String SCRIPTS = "vrrp_script up { script /bin/true\n weight 20 }\n"
            + "vrrp_script rev { script /bin/true\n weight 10 reverse }\n"
            + "vrrp_script zero { script /bin/true }\n";

    private static String instance(String name, String iface, int vrid, String body) {
        return "vrrp_instance " + name + " { interface " + iface + "\n virtual_router_id " + vrid + "\n"
                + " virtual_ipaddress { 10.0.0." + vrid + "/24 }\n" + body + "\n}\n";
    }

    private static ConfigResult read(String text) {
        ConfigResult r = ConfigLoader.loadString("t.conf", text, java.nio.file.Path.of("/nonexistent"), "node1");
        assertThat(r.errors()).isEmpty();
        return r;
    }

    private static List<String> warnings(ConfigResult r) {
        return r.warnings().stream().map(Diagnostic::toString).toList();
    }

    @Test
    void ownInterfaceIsNotTracked() {
        ConfigResult r = read(instance("VI_1", "eth0", 1, "priority 150\n track_interface {\n eth0 weight 50\n eth1 weight 5\n }"));
        VrrpInstanceConfig vi = r.config().orElseThrow().instances().getFirst();
        assertThat(vi.trackInterfaces()).containsExactly(new TrackedInterface("eth1", 5, false));
        assertThat(warnings(r)).containsExactly("t.conf:6: warning: vrrp_instance VI_1: track_interface eth0 is the"
                + " instance's own interface; ignored (the instance goes to FAULT while it is down)");
    }

    @Test
    void trackScriptWeightWithoutReverseKeepsTheScriptsReverse() {
        // keepalived alloc_track_script: the entry's reverse defaults to the script's weight_reverse
        VrrpInstanceConfig vi = read(SCRIPTS + instance("VI_1", "eth0", 1,
                "track_script {\n rev weight 30\n up weight 5 reverse\n rev weight 7 noreverse\n zero\n }"))
                .config().orElseThrow().instances().getFirst();
        assertThat(vi.trackScripts()).containsExactly(new TrackedScript("rev", OptionalInt.of(30), true),
                new TrackedScript("up", OptionalInt.of(5), true), new TrackedScript("rev", OptionalInt.of(7), false),
                new TrackedScript("zero", OptionalInt.empty(), false));
    }

    @Test
    void syncGroupMembersWithoutTrackingWeightLoseTheirWeightedScripts() {
        // keepalived frees the weighted track_script entries; the weighted track_interface entries it
        // says it ignores were already attached with their weight (its adverts carry it)
        ConfigResult r = read(SCRIPTS + instance("VI_1", "eth0", 1,
                "track_interface {\n eth1 weight 30 reverse\n eth2\n }\n track_script {\n up\n zero\n rev weight 0\n }")
                + "vrrp_sync_group G { group { VI_1 } }\n");
        VrrpInstanceConfig vi = r.config().orElseThrow().instances().getFirst();
        assertThat(vi.trackInterfaces()).containsExactly(new TrackedInterface("eth1", 30, true),
                new TrackedInterface("eth2", 0, false));
        assertThat(vi.trackScripts()).containsExactly(new TrackedScript("zero", OptionalInt.empty(), false),
                new TrackedScript("rev", OptionalInt.of(0), true));
        assertThat(warnings(r)).containsExactly(
                "t.conf:14: warning: vrrp_instance VI_1: track_script up with weight 20 is ignored since it is in"
                        + " vrrp_sync_group G without sync_group_tracking_weight");
    }

    @Test
    void syncGroupTrackingWeightKeepsThem() {
        for (String keyword : List.of("sync_group_tracking_weight", "global_tracking")) {
            ConfigResult r = read(SCRIPTS + instance("VI_1", "eth0", 1, "track_interface { eth1 weight 30 }\n track_script { up }")
                    + "vrrp_sync_group G { group { VI_1 }\n " + keyword + " }\n");
            KeepalivedConfig c = r.config().orElseThrow();
            assertThat(c.syncGroups().getFirst().trackingWeight()).isTrue();
            assertThat(c.instances().getFirst().trackInterfaces()).containsExactly(new TrackedInterface("eth1", 30, false));
            assertThat(c.instances().getFirst().trackScripts()).hasSize(1);
        }
    }

    @Test
    void anOwnerDropsWeightedTrackers() {
        ConfigResult r = read(SCRIPTS + instance("VI_1", "eth0", 1,
                "priority 255\n track_interface {\n eth1 weight 30\n eth2\n }\n track_script {\n up\n zero\n }"));
        VrrpInstanceConfig vi = r.config().orElseThrow().instances().getFirst();
        assertThat(vi.trackInterfaces()).containsExactly(new TrackedInterface("eth2", 0, false));
        assertThat(vi.trackScripts()).containsExactly(new TrackedScript("zero", OptionalInt.empty(), false));
        assertThat(r.warnings()).hasSize(2);
    }

    @Test
    void aGroupWithAnOwnerMemberTracksWithoutWeights() {
        ConfigResult r = read(SCRIPTS + instance("VI_1", "eth0", 1, "priority 255") + instance("VI_2", "eth0", 2, "")
                + "vrrp_sync_group G { group { VI_1 VI_2 }\n track_interface { eth1 weight 30 }\n track_script { rev }\n}\n");
        var g = r.config().orElseThrow().syncGroups().getFirst();
        assertThat(g.trackInterfaces()).containsExactly(new TrackedInterface("eth1", 0, false));
        assertThat(g.trackScripts()).containsExactly(new TrackedScript("rev", OptionalInt.of(0), true));
    }

    @Test
    void ahStartsANonOwnerAsBackupAndAnEmptyPasswordIsNoAuthentication() {
        ConfigResult r = read(instance("VI_1", "eth0", 1, "state MASTER\n priority 200\n"
                + " authentication { auth_type AH\n auth_pass secret }"));
        VrrpInstanceConfig vi = r.config().orElseThrow().instances().getFirst();
        assertThat(vi.state()).isEqualTo(InitialState.BACKUP);
        assertThat(vi.authentication().type()).isEqualTo(AuthType.AH);
        VrrpInstanceConfig owner = read(instance("VI_1", "eth0", 1, "state MASTER\n priority 255\n"
                + " authentication { auth_type AH\n auth_pass secret }")).config().orElseThrow().instances().getFirst();
        assertThat(owner.state()).isEqualTo(InitialState.MASTER);
        VrrpInstanceConfig noPass = read(instance("VI_1", "eth0", 1, "authentication { auth_type PASS }"))
                .config().orElseThrow().instances().getFirst();
        assertThat(noPass.authentication().type()).isEqualTo(AuthType.NONE);
    }
}
