package io.keepwatch.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * {@code data_use_instance}: keepalived puts its network namespace ({@code net_namespace}) in the
 * names of its dump files, {@code keepalived.NS.data}, so that daemons in several namespaces do not
 * overwrite each other's. keepwatch is put in a namespace from outside ({@code ip netns exec NS}),
 * so the name is the one {@code ip netns} gave the namespace it runs in, if any.
 */
final class DumpFileNames {

    private static final Path OWN = Path.of("/proc/self/ns/net");
    private static final Path NAMED = Path.of("/run/netns");

    private DumpFileNames() {}

    /** {@code file} with the namespace's name before its extension, or as it is outside a named one. */
    static Path withNamespace(Path file) {
        return namespace().map(ns -> insert(file, ns)).orElse(file);
    }

    static Path insert(Path file, String namespace) {
        String name = file.getFileName().toString();
        int dot = name.lastIndexOf('.');
        String named = dot < 0 ? name + "." + namespace : name.substring(0, dot) + "." + namespace + name.substring(dot);
        return file.resolveSibling(named);
    }

    /** The name {@code ip netns} gave the network namespace of this process, as {@code ip netns identify}. */
    static Optional<String> namespace() {
        try {
            Object own = Files.getAttribute(OWN, "unix:ino");
            Object ownDev = Files.getAttribute(OWN, "unix:dev");
            if (!Files.isDirectory(NAMED)) {
                return Optional.empty();
            }
            try (Stream<Path> named = Files.list(NAMED)) {
                return named.filter(p -> same(p, own, ownDev)).map(p -> p.getFileName().toString()).sorted().findFirst();
            }
        } catch (IOException | UnsupportedOperationException e) {
            return Optional.empty();
        }
    }

    private static boolean same(Path p, Object ino, Object dev) {
        try {
            return ino.equals(Files.getAttribute(p, "unix:ino")) && dev.equals(Files.getAttribute(p, "unix:dev"));
        } catch (IOException e) {
            return false;
        }
    }
}
