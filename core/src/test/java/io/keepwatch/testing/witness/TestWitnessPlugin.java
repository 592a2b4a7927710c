package io.keepwatch.testing.witness;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

/**
 * A plugin jar that gives a daemon the {@code test-store} witness type: a manifest and an extension
 * index naming {@link SocketWitnessFactory}, whose classes the daemon (started from the test class
 * path) finds in its own class path, as a plugin's loader looks there after the jar.
 */
public final class TestWitnessPlugin {

    private TestWitnessPlugin() {}

    /** Writes the jar into a new directory under {@code parent} and returns the directory (for --plugin-dir). */
    public static Path directory(Path parent) throws IOException {
        Path dir = Files.createTempDirectory(parent, "witness-plugin-",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
        Path jar = dir.resolve("witness-test-store.jar");
        Manifest manifest = new Manifest();
        Attributes main = manifest.getMainAttributes();
        main.put(Attributes.Name.MANIFEST_VERSION, "1.0");
        main.putValue("Plugin-Id", "witness-test-store");
        main.putValue("Plugin-Version", "1.0.0");
        main.putValue("Plugin-Description", "A test's in-memory witness store, over a Unix socket.");
        try (OutputStream out = Files.newOutputStream(jar); JarOutputStream jarOut = new JarOutputStream(out, manifest)) {
            jarOut.putNextEntry(new JarEntry("META-INF/extensions.idx"));
            jarOut.write((SocketWitnessFactory.class.getName() + "\n").getBytes(StandardCharsets.UTF_8));
            jarOut.closeEntry();
        }
        Files.setPosixFilePermissions(jar, PosixFilePermissions.fromString("rw-r--r--"));
        return dir;
    }
}
