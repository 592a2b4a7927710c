package io.keepwatch.config.syntax;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.List;

/** Shell-style pattern expansion for {@code include}, in the spirit of glob(3): sorted, no match is empty. */
final class Glob {
    private Glob() {}

    static List<Path> expand(Path base, String pattern) {
        Path p = Path.of(pattern);
        List<Path> current = new ArrayList<>();
        current.add(p.isAbsolute() ? p.getRoot() : base);
        for (Path segment : p) {
            String name = segment.toString();
            List<Path> next = new ArrayList<>();
            for (Path dir : current) {
                if (!hasMagic(name)) {
                    Path candidate = dir.resolve(name);
                    if (Files.exists(candidate)) next.add(candidate);
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
                    // an unreadable or absent directory matches nothing, as glob(3)
                }
            }
            current = next;
        }
        return current.stream().filter(Files::isRegularFile).sorted().toList();
    }

    private static boolean hasMagic(String s) {
        return s.indexOf('*') >= 0 || s.indexOf('?') >= 0 || s.indexOf('[') >= 0;
    }
}
