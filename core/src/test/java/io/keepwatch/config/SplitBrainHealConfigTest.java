package io.keepwatch.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.keepwatch.config.diagnostic.Diagnostic;
import io.keepwatch.config.model.KeepalivedConfig;
import io.keepwatch.config.model.SplitBrainHeal;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** split_brain_heal in global_defs and in an instance, whose own setting wins; on by default. */
class SplitBrainHealConfigTest {

    private static ConfigResult read(String globals, String instance) {
        return ConfigLoader.loadString("h.conf", "global_defs {\n" + globals + "\n}\nvrrp_instance VI_1 {\n"
                + "interface eth0\nvirtual_router_id 51\nvirtual_ipaddress {\n192.0.2.100/24\n}\n" + instance + "\n}\n",
                Path.of("/nonexistent"), "n");
    }

    private static KeepalivedConfig config(String globals, String instance) {
        ConfigResult r = read(globals, instance);
        assertThat(r.errors()).isEmpty();
        assertThat(r.warnings()).isEmpty();
        return r.config().orElseThrow();
    }

    private static boolean instanceHeals(String globals, String instance) {
        return config(globals, instance).instances().getFirst().splitBrainHeal().on();
    }

    @Test
    void onUnlessTurnedOff() {
        assertThat(config("", "").global().splitBrainHeal()).isEqualTo(SplitBrainHeal.DEFAULTS);
        assertThat(instanceHeals("", "")).isTrue();
    }

    @Test
    void anInstanceTakesTheGlobalSettingUnlessItHasItsOwn() {
        assertThat(instanceHeals("split_brain_heal off", "")).isFalse();
        assertThat(instanceHeals("split_brain_heal off", "split_brain_heal on")).isTrue();
        assertThat(instanceHeals("", "split_brain_heal off")).isFalse();
        assertThat(instanceHeals("split_brain_heal no", "split_brain_heal")).as("no argument means on").isTrue();
    }

    @Test
    void aBadValueIsAnError() {
        ConfigResult r = read("split_brain_heal off\nsplit_brain_heal sometimes", "split_brain_heal 1");
        assertThat(r.errors()).map(Diagnostic::toString).containsExactly(
                "h.conf:3: split_brain_heal 'sometimes' is not one of true, false, yes, no, on, off",
                "h.conf:11: split_brain_heal '1' is not one of true, false, yes, no, on, off");
    }

    @Test
    void theDumpReadsBackTheSame() {
        for (String[] c : new String[][] {{"", ""}, {"split_brain_heal off", ""}, {"split_brain_heal off",
                "split_brain_heal on"}, {"", "split_brain_heal off"}}) {
            KeepalivedConfig config = config(c[0], c[1]);
            String dump = ConfigPrinter.print(config);
            KeepalivedConfig again = ConfigLoader.loadString("dump.conf", dump, Path.of("/nonexistent"), "n")
                    .config().orElseThrow();
            assertThat(again.global().splitBrainHeal()).isEqualTo(config.global().splitBrainHeal());
            assertThat(again.instances().getFirst().splitBrainHeal())
                    .isEqualTo(config.instances().getFirst().splitBrainHeal());
        }
        assertThat(ConfigPrinter.print(config("", ""))).as("keepalived reads the default dump quietly")
                .doesNotContain("split_brain_heal");
    }
}
