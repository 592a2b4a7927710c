package io.keepwatch.check.tcp;

import io.keepwatch.plugin.api.ConfigNode;
import io.keepwatch.plugin.api.GlobalSettings;
import io.keepwatch.plugin.api.PluginContext;
import io.keepwatch.plugin.api.SourcePosition;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.LoggerFactory;

/** Builds configuration blocks as the parser would, one line per child, lines numbered from 2. */
final class Conf {
    private Conf() {}

    static ConfigNode block(String name, String... lines) {
        List<ConfigNode> children = new ArrayList<>();
        int n = 2;
        for (String line : lines) {
            List<String> words = List.of(line.split(" ", -1));
            children.add(new ConfigNode(words.getFirst(), words.subList(1, words.size()), List.of(),
                    new SourcePosition("test.conf", n++, 5)));
        }
        return new ConfigNode("vrrp_check", List.of(name), children, new SourcePosition("test.conf", 1, 1));
    }

    static PluginContext context(ConfigNode block, GlobalSettings globals) {
        return new PluginContext(block.arguments().getFirst(), block, globals,
                LoggerFactory.getLogger("test"), new SimpleMeterRegistry());
    }

    static PluginContext context(ConfigNode block) {
        return context(block, GlobalSettings.of("test-router"));
    }
}
