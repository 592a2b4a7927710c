package io.keepwatch.plugin.api;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Reads typed values out of a {@link ConfigNode} block, failing with a {@link PluginConfigException}
 * that names {@code file:line}. Shared so that every plugin words its errors the same way.
 */
public final class ConfigValues {

    private ConfigValues() {}

    /** Fails on the first child keyword of {@code block} that is not in {@code known}. */
    public static void rejectUnknown(ConfigNode block, Collection<String> known) {
        Set<String> allowed = Set.copyOf(known);
        for (ConfigNode child : block.children()) {
            if (!allowed.contains(child.keyword())) {
                throw new PluginConfigException(child.position(),
                        "unknown keyword '" + child.keyword() + "' in " + block.keyword() + " block");
            }
        }
    }

    /** The single argument of the keyword line; fails when it is absent or has no argument. */
    public static String required(ConfigNode block, String keyword) {
        ConfigNode line = block.child(keyword).orElseThrow(() -> new PluginConfigException(
                block.position(), "missing '" + keyword + "' in " + block.keyword() + " block"));
        return firstArgument(line);
    }

    /** The first argument of the keyword line if the line is present; fails when it has none. */
    public static Optional<String> optional(ConfigNode block, String keyword) {
        return block.child(keyword).map(ConfigValues::firstArgument);
    }

    /** Whether a flag keyword (a line without arguments, e.g. {@code smtp_starttls}) is present. */
    public static boolean flag(ConfigNode block, String keyword) {
        return block.child(keyword).isPresent();
    }

    /** Every argument of every line with this keyword, in file order. */
    public static List<String> all(ConfigNode block, String keyword) {
        return block.children(keyword).stream().flatMap(c -> c.arguments().stream()).toList();
    }

    /** An integer in {@code [min, max]}, or {@code fallback} when the keyword is absent. */
    public static int integer(ConfigNode block, String keyword, int min, int max, int fallback) {
        Optional<ConfigNode> line = block.child(keyword);
        if (line.isEmpty()) {
            return fallback;
        }
        String text = firstArgument(line.get());
        try {
            int value = Integer.parseInt(text);
            if (value < min || value > max) {
                throw new PluginConfigException(line.get().position(),
                        "'" + keyword + "' must be between " + min + " and " + max + ", got " + text);
            }
            return value;
        } catch (NumberFormatException e) {
            throw new PluginConfigException(line.get().position(),
                    "'" + keyword + "' needs an integer, got '" + text + "'");
        }
    }

    /**
     * A duration written in seconds, decimals allowed ({@code 2}, {@code 0.5}), which must be
     * positive; {@code fallback} when the keyword is absent.
     */
    public static Duration seconds(ConfigNode block, String keyword, Duration fallback) {
        Optional<ConfigNode> line = block.child(keyword);
        if (line.isEmpty()) {
            return fallback;
        }
        return parseSeconds(line.get().position(), keyword, firstArgument(line.get()));
    }

    /** Parses a positive number of seconds, decimals allowed, to millisecond precision. */
    public static Duration parseSeconds(SourcePosition position, String keyword, String text) {
        try {
            double seconds = Double.parseDouble(text);
            if (!(seconds > 0) || Double.isInfinite(seconds) || seconds > 86_400 * 365) {
                throw new PluginConfigException(position,
                        "'" + keyword + "' must be a positive number of seconds, got " + text);
            }
            return Duration.ofMillis(Math.max(1, Math.round(seconds * 1000)));
        } catch (NumberFormatException e) {
            throw new PluginConfigException(position,
                    "'" + keyword + "' needs a number of seconds, got '" + text + "'");
        }
    }

    private static String firstArgument(ConfigNode line) {
        if (line.arguments().isEmpty()) {
            throw new PluginConfigException(line.position(), "'" + line.keyword() + "' needs a value");
        }
        return line.arguments().getFirst();
    }
}
