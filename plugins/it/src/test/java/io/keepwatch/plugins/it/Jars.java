package io.keepwatch.plugins.it;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;

/** Builds plugin jar variants for the tests: a changed manifest, extra libraries bundled in. */
final class Jars {
    private Jars() {}

    /** The bundled plugin jars the build copied (target/home/plugins, keepwatch.home being target/home). */
    static Path bundledDir() {
        return Path.of(System.getProperty("keepwatch.it.bundled", "target/home/plugins"));
    }

    /** The sample third-party plugin jar the build copied (target/thirdparty-plugins). */
    static Path sampleJar() {
        return Path.of(System.getProperty("keepwatch.it.thirdparty", "target/thirdparty-plugins"))
                .resolve("keepwatch-sample-plugin.jar");
    }

    /** OkHttp 4 and its Okio, another version than keepwatch's, as a third party may bundle them. */
    static List<Path> okHttp4() {
        Path dir = Path.of(System.getProperty("keepwatch.it.okhttp4", "target/okhttp4"));
        return List.of(dir.resolve("okhttp.jar"), dir.resolve("okio-jvm.jar"));
    }

    /** Where a class on the test class path comes from: a jar or a classes directory. */
    static Path origin(Class<?> type) {
        try {
            return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Copies {@code source} to {@code target}, with {@code manifest} entries set (a null value removes
     * one), adding every class and resource of {@code extra} (jars or class directories) not already
     * present.
     */
    static void variant(Path source, Path target, Map<String, String> manifest, List<Path> extra) throws IOException {
        Set<String> seen = new HashSet<>();
        try (JarFile in = new JarFile(source.toFile())) {
            Manifest mf = new Manifest(in.getManifest());
            Attributes main = mf.getMainAttributes();
            manifest.forEach((k, v) -> {
                if (v == null) {
                    main.remove(new Attributes.Name(k));
                } else {
                    main.putValue(k, v);
                }
            });
            try (OutputStream os = Files.newOutputStream(target); JarOutputStream out = new JarOutputStream(os, mf)) {
                seen.add("META-INF/MANIFEST.MF");
                for (JarEntry e : java.util.Collections.list(in.entries())) {
                    if (seen.add(e.getName())) {
                        out.putNextEntry(new JarEntry(e.getName()));
                        try (InputStream data = in.getInputStream(e)) {
                            data.transferTo(out);
                        }
                        out.closeEntry();
                    }
                }
                for (Path lib : extra) {
                    addAll(lib, out, seen);
                }
            }
        }
    }

    private static void addAll(Path lib, JarOutputStream out, Set<String> seen) throws IOException {
        if (Files.isDirectory(lib)) {
            try (Stream<Path> files = Files.walk(lib)) {
                for (Path f : files.filter(Files::isRegularFile).toList()) {
                    String name = lib.relativize(f).toString().replace('\\', '/');
                    if (!name.startsWith("META-INF/") && seen.add(name)) {
                        out.putNextEntry(new JarEntry(name));
                        Files.copy(f, out);
                        out.closeEntry();
                    }
                }
            }
            return;
        }
        try (JarFile jar = new JarFile(lib.toFile())) {
            for (JarEntry e : java.util.Collections.list(jar.entries())) {
                if (e.isDirectory() || e.getName().startsWith("META-INF/") || !seen.add(e.getName())) {
                    continue;
                }
                out.putNextEntry(new JarEntry(e.getName()));
                try (InputStream data = jar.getInputStream(e)) {
                    data.transferTo(out);
                }
                out.closeEntry();
            }
        }
    }

    /**
     * Writes a plugin jar from scratch: the manifest entries, the classes (named, read from the test
     * class path with their nested classes), and an extension index listing {@code extensions}, as
     * PF4J's annotation processor would write it (null: no index at all).
     */
    static Path plugin(Path target, Map<String, String> manifest, List<String> classes, List<String> extensions)
            throws IOException {
        Manifest mf = new Manifest();
        mf.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.forEach(mf.getMainAttributes()::putValue);
        try (OutputStream os = Files.newOutputStream(target); JarOutputStream out = new JarOutputStream(os, mf)) {
            for (String name : classes) {
                Path file = origin(Jars.class).resolve(name.replace('.', '/') + ".class");
                try (Stream<Path> siblings = Files.list(file.getParent())) {
                    String simple = file.getFileName().toString().replace(".class", "");
                    for (Path c : siblings.filter(p -> p.getFileName().toString().equals(simple + ".class")
                            || p.getFileName().toString().startsWith(simple + "$")).toList()) {
                        out.putNextEntry(new JarEntry(origin(Jars.class).relativize(c).toString()));
                        Files.copy(c, out);
                        out.closeEntry();
                    }
                }
            }
            if (extensions != null) {
                out.putNextEntry(new JarEntry("META-INF/extensions.idx"));
                out.write((String.join("\n", extensions) + "\n").getBytes(java.nio.charset.StandardCharsets.UTF_8));
                out.closeEntry();
            }
        }
        return target;
    }

    /** Copies {@code source} to {@code target} without the entries named. */
    static Path without(Path source, Path target, Set<String> dropped) throws IOException {
        try (JarFile in = new JarFile(source.toFile());
             OutputStream os = Files.newOutputStream(target);
             JarOutputStream out = new JarOutputStream(os, in.getManifest())) {
            for (JarEntry e : java.util.Collections.list(in.entries())) {
                if (e.getName().equals("META-INF/MANIFEST.MF") || dropped.contains(e.getName())) {
                    continue;
                }
                out.putNextEntry(new JarEntry(e.getName()));
                try (InputStream data = in.getInputStream(e)) {
                    data.transferTo(out);
                }
                out.closeEntry();
            }
        }
        return target;
    }

    /** Whether the jar holds an entry. */
    static boolean contains(Path jar, String entry) throws IOException {
        try (JarFile j = new JarFile(jar.toFile())) {
            return j.getEntry(entry) != null;
        }
    }
}
