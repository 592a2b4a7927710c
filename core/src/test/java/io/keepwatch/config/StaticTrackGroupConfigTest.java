package io.keepwatch.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.keepwatch.config.diagnostic.Diagnostic;
import io.keepwatch.config.model.KeepalivedConfig;
import io.keepwatch.config.model.StaticTrackGroup;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** keepalived's static track groups: which lines name which group, and what a bad name gets. */
class StaticTrackGroupConfigTest {

    private static final String INSTANCES = """
            vrrp_instance VI_1 {
              interface eth0
              virtual_router_id 1
            }
            vrrp_instance VI_2 {
              interface eth0
              virtual_router_id 2
            }
            """;

    @Test
    void theGroupsInstancesTrackTheInterfacesOfTheLinesThatNameIt() {
        KeepalivedConfig c = ModelRulesTest.valid("""
                track_group TG1 {
                  group {
                    VI_1
                  }
                }
                static_ipaddress {
                  192.0.2.7/24 dev eth1 track_group TG1
                  192.0.2.8/24 dev eth9
                  192.0.2.9/24 dev eth5 track_group TG1 no_track
                }
                static_routes {
                  198.51.100.0/24 dev eth2 track_group TG1
                }
                static_rules {
                  from 203.0.113.0/24 table 100 iif eth3 track_group TG1
                }
                """ + INSTANCES);
        assertThat(c.statics().trackGroups())
                .containsExactly(new StaticTrackGroup("TG1", List.of("VI_1"), List.of(0, 2), List.of(0), List.of(0)));
        assertThat(c.statics().addresses()).hasSize(3);
        assertThat(c.statics().trackedInterfaces("VI_1")).containsExactly("eth1", "eth2", "eth3");
        assertThat(c.statics().trackedInterfaces("VI_2")).isEmpty();

        // check-config --dump writes the group and each line's track_group back
        String printed = ConfigPrinter.print(c, true);
        ConfigResult again = ConfigLoader.loadString("printed.conf", printed, Path.of("/nonexistent"), "node1");
        assertThat(again.config().orElseThrow().statics()).as(printed).isEqualTo(c.statics());
    }

    @Test
    void aBadGroupNameIsWarnedAboutAtItsLineAndTheLineKept() {
        ConfigResult r = ModelRulesTest.read("""
                track_group TG1 {
                  group {
                    VI_1
                    VI_9
                  }
                }
                track_group EMPTY {
                  group {
                    VI_8
                  }
                }
                static_ipaddress {
                  192.0.2.7/24 dev eth0 track_group NOPE
                  192.0.2.8/24 dev eth0 track_group EMPTY
                }
                static_routes {
                  192.0.2.0/24 dev eth0 track_group TG1 track_group TG1
                }
                """ + INSTANCES);
        assertThat(r.errors()).isEmpty();
        assertThat(r.warnings().stream().map(Diagnostic::toString))
                .anyMatch(w -> w.contains(":4:") && w.contains("track_group TG1: no vrrp_instance VI_9"))
                .anyMatch(w -> w.contains(":7:") && w.contains("track_group EMPTY has no vrrp_instance"))
                .anyMatch(w -> w.contains(":13:") && w.contains("track_group NOPE") && w.contains("not defined"))
                .anyMatch(w -> w.contains(":14:") && w.contains("track_group EMPTY") && w.contains("not defined"))
                .anyMatch(w -> w.contains(":17:") && w.contains("duplicate"))
                .noneMatch(w -> w.contains("not implemented") || w.contains("unknown"));
        KeepalivedConfig c = r.config().orElseThrow();
        assertThat(c.statics().addresses()).hasSize(2);
        assertThat(c.statics().routes()).hasSize(1);
        assertThat(c.statics().trackGroups())
                .containsExactly(new StaticTrackGroup("TG1", List.of("VI_1"), List.of(), List.of(0), List.of()));
    }
}
