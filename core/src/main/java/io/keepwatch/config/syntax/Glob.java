package io.keepwatch.config.syntax;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.PatternSyntaxException;

/**
 * Shell-style pattern expansion for {@code include}, as glob(3) with GLOB_BRACE does it: braces
 * first ({@code {a,b}.conf} is {@code a.conf} then {@code b.conf}), then each alternative sorted; no
 * match is empty.
 */
final class Glob {
    private Glob() {}

    /**
     * What a pattern matched.
     *
     * @param matches   the paths, sorted within each brace alternative (files and anything else, such
     *                  as directories)
     * @param missing   whether a name written without wildcards, or a directory to search, does not
     *                  exist: keepalived's "Config files missing" (a wildcard that matches nothing in an
     *                  existing directory is not missing, only empty)
     * @param wildcards whether a wildcard was looked up in a directory (keepalived then reports a
     *                  pattern that matches nothing as "No config files matched")
     * @param braces    whether the pattern has a brace expression
     */
    record Expansion(List<Path> matches, boolean missing, boolean wildcards, boolean braces) {}

    /** A pattern that stands for more than {@link ConfigLimits#MAX_INCLUDE_MATCHES} alternatives or paths. */
    static final class TooManyMatches extends RuntimeException {
        TooManyMatches(String what) {
            super(what + " (more than " + ConfigLimits.MAX_INCLUDE_MATCHES + ")", null, false, false);
        }
    }

    private static void check(int count, String what) {
        if (count > ConfigLimits.MAX_INCLUDE_MATCHES) throw new TooManyMatches(what);
    }

    /** @throws TooManyMatches when the pattern stands for too many alternatives or matches too many paths */
    static Expansion expand(Path base, String pattern) {
        List<Path> matches = new ArrayList<>();
        boolean missing = false;
        boolean wildcards = false;
        List<String> alternatives = braces(pattern);
        for (String alternative : alternatives) {
            Expansion one = expandOne(base, alternative);
            matches.addAll(one.matches());
            check(matches.size(), "matches too many paths");
            missing |= one.missing();
            wildcards |= one.wildcards();
        }
        return new Expansion(List.copyOf(matches), missing, wildcards, hasBrace(pattern));
    }

    private static Expansion expandOne(Path base, String pattern) {
        Path p = Path.of(pattern);
        List<Path> current = new ArrayList<>();
        current.add(p.isAbsolute() ? p.getRoot() : base);
        boolean missing = false;
        boolean wildcards = false;
        for (Path segment : p) {
            String name = segment.toString();
            List<Path> next = new ArrayList<>();
            for (Path dir : current) {
                if (!hasMagic(name)) {
                    Path candidate = dir.resolve(name);
                    if (Files.exists(candidate, LinkOption.NOFOLLOW_LINKS)) next.add(candidate);
                    else missing = true;
                    continue;
                }
                wildcards = true;
                try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
                    PathMatcher matcher = FileSystems.getDefault().getPathMatcher("glob:" + name);
                    for (Path entry : entries) {
                        Path entryName = entry.getFileName();
                        // glob(3) leaves dot files out unless the pattern names the dot
                        if (entryName.toString().startsWith(".") && !name.startsWith(".")) continue;
                        if (matcher.matches(entryName)) {
                            next.add(entry);
                            check(next.size(), "matches too many paths");
                        }
                    }
                } catch (IOException e) {
                    missing = true; // an unreadable or absent directory matches nothing, as in glob(3)
                } catch (PatternSyntaxException e) {
                    // a pattern glob(3) reads literally (an unbalanced bracket) that names no file
                }
            }
            current = next;
        }
        return new Expansion(current.stream().sorted().toList(), missing, wildcards, false);
    }

    /**
     * The patterns {@code pattern}'s braces stand for, in order, as GLOB_BRACE expands them (nested
     * braces too); a pattern without a balanced brace is itself.
     */
    static List<String> braces(String pattern) {
        int open = firstUnescaped(pattern, '{');
        if (open < 0) return List.of(pattern);
        int depth = 0;
        List<Integer> commas = new ArrayList<>();
        int close = -1;
        for (int i = open; i < pattern.length() && close < 0; i++) {
            char c = pattern.charAt(i);
            if (c == '\\') {
                i++;
            } else if (c == '{') {
                depth++;
            } else if (c == '}') {
                if (--depth == 0) close = i;
            } else if (c == ',' && depth == 1) {
                commas.add(i);
            }
        }
        if (close < 0) return List.of(pattern);
        String prefix = pattern.substring(0, open);
        String suffix = pattern.substring(close + 1);
        List<String> out = new ArrayList<>();
        int from = open + 1;
        commas.add(close);
        for (int end : commas) {
            out.addAll(braces(prefix + pattern.substring(from, end) + suffix));
            check(out.size(), "has too many brace alternatives");
            from = end + 1;
        }
        return out;
    }

    private static boolean hasBrace(String pattern) {
        return firstUnescaped(pattern, '{') >= 0;
    }

    private static int firstUnescaped(String s, char wanted) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\') i++;
            else if (c == wanted) return i;
        }
        return -1;
    }

    private static boolean hasMagic(String s) {
        return s.indexOf('*') >= 0 || s.indexOf('?') >= 0 || s.indexOf('[') >= 0;
    }
}
