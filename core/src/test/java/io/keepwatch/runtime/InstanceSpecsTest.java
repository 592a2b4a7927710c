package io.keepwatch.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.keepwatch.config.ConfigLoader;
import io.keepwatch.config.model.KeepalivedConfig;
import io.keepwatch.vrrp.TrackerSpec;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** How an instance's and its sync group's trackers combine, as keepalived combines them. */
class InstanceSpecsTest {

    private static List<TrackerSpec> trackers(String text) {
        var r = ConfigLoader.loadString("t.conf", text, Path.of("/nonexistent"), "node1");
        assertThat(r.errors()).isEmpty();
        KeepalivedConfig c = r.config().orElseThrow();
        return InstanceSpecs.trackers(c.instances().getFirst(), c);
    }

    private static final String INSTANCE = "vrrp_script chk { script /bin/true\n weight 10 }\n"
            + "vrrp_instance VI_1 { interface eth0\n virtual_router_id 1\n virtual_ipaddress { 10.0.0.1/24 }\n";

    @Test
    void theGroupsWeightWinsUnlessTheInstancesIsZero() {
        List<TrackerSpec> t = trackers(INSTANCE + " track_interface { eth1 weight 5\n eth2 }\n track_script { chk }\n}\n"
                + "vrrp_sync_group G { group { VI_1 }\n sync_group_tracking_weight\n"
                + " track_interface { eth1 weight -40 reverse\n eth2 weight 7 }\n track_script { chk weight 3 } }\n");
        assertThat(t).containsExactlyInAnyOrder(new TrackerSpec("chk", 3, false, true),
                new TrackerSpec("eth1", -40, true, true), new TrackerSpec("eth2", 0, false, true));
    }

    @Test
    void theGroupsTrackingOfTheMembersOwnInterfaceAddsNothing() {
        assertThat(trackers(INSTANCE + "}\nvrrp_sync_group G { group { VI_1 }\n track_interface { eth0 weight 20 } }\n"))
                .isEmpty();
        assertThat(trackers(INSTANCE + " dont_track_primary\n}\n"
                + "vrrp_sync_group G { group { VI_1 }\n track_interface { eth0 weight 20 } }\n"))
                .containsExactly(new TrackerSpec("eth0", 20, false, true));
    }

    @Test
    void aStaticTrackGroupTracksItsLinesInterfacesWithWeightZero() {
        assertThat(trackers("track_group TG { group { VI_1 } }\n"
                + "static_ipaddress { 10.9.0.1/32 dev eth4 track_group TG\n 10.9.0.2/32 dev eth0 track_group TG }\n"
                + INSTANCE + " track_interface { eth4 weight 30 }\n}\n"))
                .as("weight 0 wins over the instance's own weight; the instance's own interface adds nothing")
                .containsExactly(new TrackerSpec("eth4", 0, false, true));
    }
}
