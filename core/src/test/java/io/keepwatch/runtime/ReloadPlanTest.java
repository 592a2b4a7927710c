package io.keepwatch.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.keepwatch.config.ConfigLoader;
import io.keepwatch.config.model.KeepalivedConfig;
import org.junit.jupiter.api.Test;

/** What a reload touches: only instances whose election inputs changed. */
class ReloadPlanTest {

    private static KeepalivedConfig parse(String text) {
        return ConfigLoader.loadString("keepalived.conf", text).config().orElseThrow();
    }

    private static String instance(String name, int vrid, int priority, String extra) {
        return "vrrp_instance " + name + " {\n interface eth0\n virtual_router_id " + vrid + "\n priority " + priority
                + "\n" + extra + " virtual_ipaddress {\n  192.0.2." + vrid + "/24\n }\n}\n";
    }

    @Test
    void anIdenticalFileChangesNothing() {
        String text = instance("VI_1", 1, 100, "") + instance("VI_2", 2, 100, "");

        ReloadPlan plan = ReloadPlan.between(parse(text), parse(text));

        assertThat(plan.unchanged()).containsExactly("VI_1", "VI_2");
        assertThat(plan.changed()).isEmpty();
        assertThat(plan.added()).isEmpty();
        assertThat(plan.removed()).isEmpty();
    }

    @Test
    void commentsAndLayoutAreNotChanges() {
        String before = instance("VI_1", 1, 100, "");
        String after = "# reformatted\n" + before.replace("\n", "  # note\n").replace("priority 100", "priority   100");

        assertThat(ReloadPlan.between(parse(before), parse(after)).unchanged()).containsExactly("VI_1");
    }

    @Test
    void onlyTheInstanceThatChangedIsTouched() {
        KeepalivedConfig before = parse(instance("VI_1", 1, 100, "") + instance("VI_2", 2, 100, ""));
        KeepalivedConfig after = parse(instance("VI_1", 1, 100, "") + instance("VI_2", 2, 150, ""));

        ReloadPlan plan = ReloadPlan.between(before, after);

        assertThat(plan.unchanged()).containsExactly("VI_1");
        assertThat(plan.changed()).containsExactly("VI_2");
    }

    @Test
    void addedAndRemovedInstancesAreNamed() {
        KeepalivedConfig before = parse(instance("VI_1", 1, 100, "") + instance("VI_2", 2, 100, ""));
        KeepalivedConfig after = parse(instance("VI_1", 1, 100, "") + instance("VI_3", 3, 100, ""));

        ReloadPlan plan = ReloadPlan.between(before, after);

        assertThat(plan.removed()).containsExactly("VI_2");
        assertThat(plan.added()).containsExactly("VI_3");
        assertThat(plan.startOrder()).containsExactly("VI_3");
    }

    @Test
    void aChangedTrackedScriptChangesTheInstancesThatTrackIt() {
        String script = "vrrp_script chk {\n script \"/bin/true\"\n weight %d\n}\n";
        String tracking = " track_script {\n  chk\n }\n";
        KeepalivedConfig before = parse(script.formatted(-10) + instance("VI_1", 1, 100, tracking)
                + instance("VI_2", 2, 100, ""));
        KeepalivedConfig after = parse(script.formatted(-20) + instance("VI_1", 1, 100, tracking)
                + instance("VI_2", 2, 100, ""));

        ReloadPlan plan = ReloadPlan.between(before, after);

        assertThat(plan.changed()).containsExactly("VI_1");
        assertThat(plan.unchanged()).containsExactly("VI_2");
    }

    @Test
    void aGlobalThatShapesTheWireChangesEveryInstance() {
        String body = instance("VI_1", 1, 100, "");
        KeepalivedConfig before = parse(body);
        KeepalivedConfig after = parse("global_defs {\n vrrp_higher_prio_send_advert\n}\n" + body);

        assertThat(ReloadPlan.between(before, after).changed()).containsExactly("VI_1");
    }

    @Test
    void aStaticTrackGroupThatNowTracksAnotherInterfaceChangesItsMembers() {
        String group = "track_group TG { group { VI_1 } }\n";
        String before = group + "static_ipaddress { 10.9.0.1/32 dev eth1 track_group TG }\n"
                + instance("VI_1", 1, 100, "") + instance("VI_2", 2, 100, "");
        String after = before.replace("dev eth1", "dev eth2");

        ReloadPlan plan = ReloadPlan.between(parse(before), parse(after));

        assertThat(plan.changed()).containsExactly("VI_1");
        assertThat(plan.unchanged()).containsExactly("VI_2");
    }
}
