package io.keepwatch.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.keepwatch.config.diagnostic.Diagnostic;
import org.junit.jupiter.api.Test;

/** keepalived's static track groups, which keepwatch reads past with a warning that says what does not happen. */
class StaticTrackGroupConfigTest {

    @Test
    void aTrackGroupIsWarnedAboutWithWhatItWouldDo() {
        ConfigResult r = ModelRulesTest.read("""
                track_group TG1 {
                  group {
                    VI_1
                  }
                }
                static_routes {
                  192.0.2.0/24 dev eth0 track_group TG1
                }
                static_ipaddress {
                  192.0.2.7/24 dev eth0 track_group TG1
                }
                vrrp_instance VI_1 {
                  interface eth0
                  virtual_router_id 1
                }
                """);
        assertThat(r.errors()).isEmpty();
        assertThat(r.warnings().stream().map(Diagnostic::toString))
                .anyMatch(w -> w.contains(":1:") && w.contains("track_group")
                        && w.contains("not implemented in keepwatch yet")
                        && w.contains("does not put the group's instances in FAULT"))
                .anyMatch(w -> w.contains(":7:") && w.contains("track_group"))
                .anyMatch(w -> w.contains(":10:") && w.contains("option 'track_group' of address 192.0.2.7/24")
                        && w.contains("not implemented in keepwatch yet"))
                .noneMatch(w -> w.contains("unknown option"));
        assertThat(r.config().orElseThrow().statics().routes()).hasSize(1);
        assertThat(r.config().orElseThrow().statics().addresses()).hasSize(1);
    }
}
