package io.keepwatch.plugins;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.jar.JarOutputStream;
import java.util.zip.ZipEntry;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;

/**
 * Coverage-guided fuzzing of plugin loading as the daemon does it at start: a plugin directory with
 * one jar whose {@code META-INF/MANIFEST.MF} is the input, read by a {@link PluginHost} (PF4J's
 * manifest descriptor, keepwatch's {@code Plugin-Requires} and {@code Plugin-Class} checks). Whatever
 * the manifest says, the host starts, lists the jar as a plugin or a problem with a reason, and
 * closes; nothing escapes.
 */
@Tag("fuzz")
class PluginManifestFuzzTest {
    private static Path root;

    @FuzzTest(maxDuration = "30m")
    void load(byte[] manifest) throws IOException {
        Path dir = freshRoot();
        try (OutputStream file = Files.newOutputStream(dir.resolve("fuzzed-plugin.jar"));
             JarOutputStream jar = new JarOutputStream(file)) {
            jar.putNextEntry(new ZipEntry("META-INF/MANIFEST.MF"));
            jar.write(manifest);
            jar.closeEntry();
        }
        try (PluginHost host = new PluginHost(List.of(dir), new SimpleMeterRegistry())) {
            host.start();
            List<PluginInfo> plugins = host.plugins();
            assertThat(plugins.size()).as("one jar, at most one plugin").isLessThanOrEqualTo(1);
            assertThat(plugins.size() + host.problems().size()).as("the jar is a plugin or a problem").isPositive();
            for (PluginInfo p : plugins) {
                assertThat(p.id()).isNotNull();
                if (!p.state().equals("STARTED")) {
                    assertThat(p.error()).as("why %s did not start", p.id()).isPresent();
                }
            }
            host.problems().forEach(problem -> assertThat(problem.toString()).isNotBlank());
        }
    }

    private static Path freshRoot() throws IOException {
        if (root == null) {
            root = Files.createTempDirectory("keepwatch-plugin-fuzz");
            Runtime.getRuntime().addShutdownHook(new Thread(() -> delete(root, true)));
        }
        delete(root, false);
        return root;
    }

    private static void delete(Path dir, boolean itself) {
        try (Stream<Path> all = Files.walk(dir)) {
            all.sorted(Comparator.reverseOrder()).filter(p -> itself || !p.equals(dir)).forEach(p -> {
                try {
                    Files.delete(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
