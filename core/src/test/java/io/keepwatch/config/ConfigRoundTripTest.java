package io.keepwatch.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.keepwatch.config.model.KeepalivedConfig;
import io.keepwatch.plugin.api.ConfigNode;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** Printing a configuration and reading the text back gives the same model. */
class ConfigRoundTripTest {

    @Provide
    Arbitrary<KeepalivedConfig> configs() {
        return Arbitraries.randomValue((Random random) -> new RandomConfigs(random).config());
    }

    @Property(tries = 300)
    void printThenParseGivesTheSameModel(@ForAll("configs") KeepalivedConfig config) {
        String text = ConfigPrinter.print(config, true);

        ConfigResult again = ConfigLoader.loadString("printed.conf", text, Path.of("/nonexistent"), "any");

        assertThat(again.diagnostics()).as(text).isEmpty();
        assertThat(withoutPositions(again.config().orElseThrow())).as(text).isEqualTo(withoutPositions(config));
    }

    /** Plugin blocks carry where they were read; that differs between the original and the printed text. */
    static KeepalivedConfig withoutPositions(KeepalivedConfig c) {
        return new KeepalivedConfig(c.global(), c.instances(), c.scripts(), c.syncGroups(), strip(c.checks()),
                c.checkTracking(), strip(c.notifiers()), c.statics(), c.trackers(),
                c.garpGroups(), c.linkBeat(), strip(c.witnesses()));
    }

    private static Map<String, ConfigNode> strip(Map<String, ConfigNode> nodes) {
        Map<String, ConfigNode> out = new LinkedHashMap<>();
        nodes.forEach((k, v) -> out.put(k, strip(v)));
        return out;
    }

    private static ConfigNode strip(ConfigNode n) {
        return new ConfigNode(n.keyword(), n.arguments(), n.children().stream().map(ConfigRoundTripTest::strip).toList(),
                RandomConfigs.NOWHERE);
    }
}
