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

/** Shell-style pattern expansion for {@code include}, in the spirit of glob(3): sorted, no match is empty. */
final class Glob {
    private Glob() {}

    /**
     * What a pattern matched.
     *
     * @param matches  the paths, sorted (files and anything else, such as directories)
     * @param missing  whether a name written without wildcards, or a directory to search, does not
     *                 exist: keepalived's "Config files missing" (a wildcard that matches nothing in an
     *                 existing directory is not missing, only empty)
     */
    record Expansion(List<Path> matches, boolean missing) {}

    static Expansion expand(Path base, String pattern) {
        Path p = Path.of(pattern);
        List<Path> current = new ArrayList<>();
        current.add(p.isAbsolute() ? p.getRoot() : base);
        boolean missing = false;
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
                PathMatcher matcher = FileSystems.getDefault().getPathMatcher("glob:" + name);
                try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
                    for (Path entry : entries) {
                        Path entryName = entry.getFileName();
                        // glob(3) leaves dot files out unless the pattern names the dot
                        if (entryName.toString().startsWith(".") && !name.startsWith(".")) continue;
                        if (matcher.matches(entryName)) next.add(entry);
                    }
                } catch (IOException e) {
                    missing = true; // an unreadable or absent directory matches nothing, as in glob(3)
                }
            }
            current = next;
        }
        return new Expansion(current.stream().sorted().toList(), missing);
    }

    private static boolean hasMagic(String s) {
        return s.indexOf('*') >= 0 || s.indexOf('?') >= 0 || s.indexOf('[') >= 0;
    }
}
