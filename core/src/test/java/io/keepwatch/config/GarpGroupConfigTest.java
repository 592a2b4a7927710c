package io.keepwatch.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.keepwatch.config.diagnostic.Diagnostic;
import io.keepwatch.config.model.GarpGroup;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Top-level garp_group blocks, read as keepalived 2.2.7's parser reads them. */
class GarpGroupConfigTest {

    private static List<String> warnings(ConfigResult r) {
        return r.warnings().stream().map(Diagnostic::toString).toList();
    }

    @Test
    void intervalsAndInterfacesOfBothForms() {
        ConfigResult r = ModelRulesTest.read("""
                garp_group {
                  garp_interval 0.25
                  gna_interval 1.5
                  interface eth0
                  interfaces {
                    eth1 eth2
                    eth3
                  }
                }
                garp_group {
                  gna_interval 2
                  interface eth9
                }
                """);
        assertThat(r.errors()).isEmpty();
        assertThat(warnings(r)).isEmpty();
        assertThat(r.config().orElseThrow().garpGroups()).containsExactly(
                new GarpGroup(Optional.of(Duration.ofMillis(250)), Optional.of(Duration.ofMillis(1500)),
                        List.of("eth0", "eth1", "eth2", "eth3")),
                new GarpGroup(Optional.empty(), Optional.of(Duration.ofSeconds(2)), List.of("eth9")));
    }

    @Test
    void anInterfaceStaysWithItsFirstGroupAndAGroupWithoutIntervalsIsDropped() {
        ConfigResult r = ModelRulesTest.read("""
                garp_group {
                  garp_interval 1
                  interface eth0
                }
                garp_group {
                  garp_interval 2
                  interfaces {
                    eth0 eth1
                  }
                }
                garp_group {
                  interface eth5
                }
                garp_group {
                  garp_interval 3
                  interface eth5
                  colour blue
                }
                """);
        assertThat(r.errors()).isEmpty();
        assertThat(warnings(r)).anyMatch(w -> w.contains(":8:") && w.contains("garp_group already specified for eth0"))
                .anyMatch(w -> w.contains(":11:") && w.contains("garp_group sets neither garp_interval nor gna_interval"))
                .anyMatch(w -> w.contains(":17:") && w.contains("unknown keyword 'colour' in garp_group"));
        // eth5 was freed when its group was dropped, as keepalived unlinks the interfaces of a removed group
        assertThat(r.config().orElseThrow().garpGroups()).extracting(GarpGroup::interfaces)
                .containsExactly(List.of("eth0"), List.of("eth1"), List.of("eth5"));
    }

    @Test
    void aBadIntervalIsAnError() {
        ConfigResult r = ModelRulesTest.read("garp_group {\n  garp_interval soon\n  interface eth0\n}\n");
        assertThat(r.errors()).anyMatch(e -> e.toString().contains(":2:") && e.toString().contains("garp_interval 'soon'"));
    }
}
