package io.keepwatch.plugin.testkit;

import io.keepwatch.plugin.api.ConfigNode;
import io.keepwatch.plugin.api.GlobalSettings;
import io.keepwatch.plugin.api.PluginContext;
import io.keepwatch.plugin.api.SourcePosition;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.LoggerFactory;

/**
 * What a plugin's unit tests need from keepwatch without running it: the configuration block of a
 * {@code vrrp_check} or {@code vrrp_notifier} as the parser hands it over (file {@code test.conf},
 * the block on line 1, its lines numbered from 2, so error messages name real lines), and a
 * {@link PluginContext} around it.
 *
 * <p>Each line is split at blanks; {@code "keyword a =rest of line"} keeps the rest as one argument,
 * as a double-quoted value in a configuration file would be.
 */
public final class PluginTestKit {

    /** The file name the blocks claim to come from. */
    public static final String FILE = "test.conf";

    private PluginTestKit() {}

    /** {@code vrrp_check NAME { lines }}. */
    public static ConfigNode check(String name, String... lines) {
        return block("vrrp_check", name, lines);
    }

    /** {@code vrrp_notifier NAME { lines }}. */
    public static ConfigNode notifier(String name, String... lines) {
        return block("vrrp_notifier", name, lines);
    }

    /** {@code KEYWORD NAME { lines }}. */
    public static ConfigNode block(String keyword, String name, String... lines) {
        List<ConfigNode> children = new ArrayList<>();
        int lineNumber = 2;
        for (String line : lines) {
            children.add(line(line, lineNumber++));
        }
        return new ConfigNode(keyword, List.of(name), children, new SourcePosition(FILE, 1, 1));
    }

    /** The same block with one more line (at line 100, after anything {@link #block} numbers). */
    public static ConfigNode with(ConfigNode block, String keyword, String... arguments) {
        List<ConfigNode> children = new ArrayList<>(block.children());
        children.add(new ConfigNode(keyword, List.of(arguments), List.of(), new SourcePosition(FILE, 100, 5)));
        return new ConfigNode(block.keyword(), block.arguments(), children, block.position());
    }

    /** A context for {@code block} with {@code globals}, a test logger and its own meter registry. */
    public static PluginContext context(ConfigNode block, GlobalSettings globals) {
        return new PluginContext(block.arguments().getFirst(), block, globals,
                LoggerFactory.getLogger("plugin-test"), new SimpleMeterRegistry());
    }

    /** A context with nothing in global_defs but a router id. */
    public static PluginContext context(ConfigNode block) {
        return context(block, GlobalSettings.of("test-router"));
    }

    private static ConfigNode line(String text, int lineNumber) {
        List<String> words = new ArrayList<>();
        int rest = text.indexOf(" =");
        words.addAll(List.of((rest < 0 ? text : text.substring(0, rest)).split(" ", -1)));
        if (rest >= 0) {
            words.add(text.substring(rest + 2));
        }
        return new ConfigNode(words.getFirst(), words.subList(1, words.size()), List.of(),
                new SourcePosition(FILE, lineNumber, 5));
    }
}
