package io.keepwatch.config.syntax;

import io.keepwatch.config.diagnostic.Diagnostics;
import io.keepwatch.plugin.api.SourcePosition;
import java.util.List;
import java.util.Optional;

/**
 * Which problems of an {@code include} are errors rather than warnings, as keepalived 2.2.7's
 * parser decides it: the {@code include_check} level in force (set in {@code global_defs}, saved
 * when an included file is opened and restored when it is closed) or'ed with the checks of the
 * include form ({@code includer}, {@code includem}, {@code includew}, {@code includeb},
 * {@code includea}). Without a check a problem is only reported, and keepalived goes on.
 */
final class IncludeCheck {
    /** A match that is a directory, an executable or otherwise not a readable regular file. */
    static final int READ = 0x01;
    /** A name without wildcards, or a directory to search, that does not exist. */
    static final int MATCH = 0x02;
    /** A wildcard that matches nothing (in a directory that exists). */
    static final int WILDCARD_MATCH = 0x04;
    /** A brace alternative that matches no file (then nothing of the pattern is read). */
    static final int BRACE_MATCH = 0x08;
    static final int ALL = READ | MATCH | WILDCARD_MATCH | BRACE_MATCH;

    private IncludeCheck() {
    }

    /**
     * The checks of the include form {@code word} ({@code include}, {@code includer}, ...), or empty
     * when {@code word} is no include keyword.
     */
    static Optional<Integer> ofForm(String word) {
        return switch (word) {
            case "include" -> Optional.of(0);
            case "includer" -> Optional.of(READ);
            case "includem" -> Optional.of(READ | MATCH);
            case "includew" -> Optional.of(READ | MATCH | WILDCARD_MATCH);
            case "includeb" -> Optional.of(READ | BRACE_MATCH);
            case "includea" -> Optional.of(ALL);
            default -> Optional.empty();
        };
    }

    /**
     * The level after {@code include_check ARGS} at {@code at}: no argument is every check; a first
     * word sets the level (with {@code read}), {@code +word} adds and {@code -word} removes a check;
     * a plain word after the first is a duplicate and ignored, an unknown one an error, as keepalived.
     */
    static int apply(int level, List<String> args, SourcePosition at, Diagnostics diagnostics) {
        if (args.isEmpty()) return ALL;
        int next = level;
        for (int i = 0; i < args.size(); i++) {
            String word = args.get(i);
            char sign = word.charAt(0);
            boolean set = sign != '+' && sign != '-';
            if (set && i > 0) {
                diagnostics.error(at, "Duplicate include_check '" + word + "' specified - ignoring");
                continue;
            }
            if (set) next = 0;
            String name = set ? word : word.substring(1);
            int check = switch (name) {
                case "read" -> READ;
                case "match" -> MATCH;
                case "wildcard_match" -> WILDCARD_MATCH;
                case "brace_match" -> BRACE_MATCH;
                default -> 0;
            };
            if (check == 0) {
                diagnostics.error(at, "Unknown include_check type '" + name + "' - ignoring");
            } else if (set) {
                next = READ | check;
            } else if (sign == '+') {
                next |= check;
            } else {
                next &= ~check;
            }
        }
        return next;
    }
}
