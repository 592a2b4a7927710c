package io.keepwatch.plugin.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.keepwatch.plugin.api.CheckResult;
import io.keepwatch.plugin.api.HealthCheck;
import io.keepwatch.plugin.api.HealthCheckFactory;
import io.keepwatch.plugin.api.PluginApi;
import io.keepwatch.plugin.api.PluginContext;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PluginJarCheckTest {

    /** An extension as a plugin would have it. */
    public static class GoodFactory implements HealthCheckFactory {
        @Override
        public String type() {
            return "good";
        }

        @Override
        public HealthCheck create(PluginContext context) {
            return timeout -> CheckResult.up("fine");
        }
    }

    /** The same type again. */
    public static class TwinFactory extends GoodFactory {}

    /** No public no-argument constructor: PF4J cannot create it. */
    public static class NeedyFactory extends GoodFactory {
        public NeedyFactory(String argument) {}
    }

    @TempDir
    Path dir;

    private Map<String, String> manifest() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("Plugin-Id", "good");
        m.put("Plugin-Version", "1.2.3");
        m.put("Plugin-Requires", PluginApi.VERSION);
        m.put("Plugin-Class", "org.pf4j.Plugin");
        return m;
    }

    private Path jar(Map<String, String> entries, String index, Class<?>... classes) throws IOException {
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        entries.forEach((k, v) -> manifest.getMainAttributes().putValue(k, v));
        Path jar = dir.resolve("plugin-" + System.nanoTime() + ".jar");
        try (OutputStream out = Files.newOutputStream(jar); JarOutputStream zip = new JarOutputStream(out, manifest)) {
            if (index != null) {
                zip.putNextEntry(new JarEntry(PluginJarCheck.EXTENSION_INDEX));
                zip.write(index.getBytes(StandardCharsets.UTF_8));
            }
            for (Class<?> c : classes) {
                String entry = c.getName().replace('.', '/') + ".class";
                zip.putNextEntry(new JarEntry(entry));
                try (InputStream in = c.getClassLoader().getResourceAsStream(entry)) {
                    in.transferTo(zip);
                }
            }
        }
        return jar;
    }

    @Test
    void aCompletePluginJarPasses() throws IOException {
        Path jar = jar(manifest(), GoodFactory.class.getName() + "\n", GoodFactory.class);
        assertThat(PluginJarCheck.problems(jar)).isEmpty();
        PluginJarCheck.assertLoadable(jar);
    }

    @Test
    void aJarWithoutExtensionIndexNamesTheAnnotationProcessorFix() throws IOException {
        Path jar = jar(manifest(), null, GoodFactory.class);
        assertThatThrownBy(() -> PluginJarCheck.assertLoadable(jar)).isInstanceOf(AssertionError.class)
                .hasMessageContaining(jar + " is not a plugin keepwatch can load")
                .hasMessageContaining("no META-INF/extensions.idx")
                .hasMessageContaining("<proc>full</proc>");
    }

    @Test
    void anEmptyIndexIsRefused() throws IOException {
        assertThat(PluginJarCheck.problems(jar(manifest(), "# nothing\n")))
                .containsExactly("META-INF/extensions.idx lists no extension: annotate the factories with @org.pf4j.Extension");
    }

    @Test
    void everyMissingManifestEntryIsNamed() throws IOException {
        assertThat(PluginJarCheck.problems(jar(Map.of(), GoodFactory.class.getName(), GoodFactory.class)))
                .containsExactly(
                        "the manifest has no Plugin-Id (set it in maven-jar-plugin's <manifestEntries>)",
                        "the manifest has no Plugin-Version (set it in maven-jar-plugin's <manifestEntries>)",
                        "the manifest has no Plugin-Requires (set it in maven-jar-plugin's <manifestEntries>)",
                        "the manifest has no Plugin-Class (set it in maven-jar-plugin's <manifestEntries>)");
    }

    @Test
    void aRequiresTheApiDoesNotSatisfyIsRefused() throws IOException {
        Map<String, String> future = manifest();
        future.put("Plugin-Requires", "99.0.0");
        assertThat(PluginJarCheck.problems(jar(future, GoodFactory.class.getName(), GoodFactory.class)))
                .containsExactly("Plugin-Requires '99.0.0' excludes plugin API " + PluginApi.VERSION
                        + ", the version this plugin is compiled against");
    }

    @Test
    void aRequiresOfAnOlderMajorVersionIsRefusedAsKeepwatchWould() throws IOException {
        Map<String, String> old = manifest();
        old.put("Plugin-Requires", "0.9.0");
        assertThat(PluginJarCheck.problems(jar(old, GoodFactory.class.getName(), GoodFactory.class)))
                .singleElement().asString().contains("another major version");
    }

    @Test
    void aManifestValueWithAnInlineCommentIsNotAVersion() throws IOException {
        Map<String, String> commented = manifest();
        commented.put("Plugin-Version", "1.0.0   # our release");
        assertThat(PluginJarCheck.problems(jar(commented, GoodFactory.class.getName(), GoodFactory.class)))
                .containsExactly("Plugin-Version '1.0.0   # our release' is not a semantic version (MAJOR.MINOR.PATCH)");
    }

    @Test
    void aPluginClassMustBeInTheJarAndAPf4jPlugin() throws IOException {
        Map<String, String> missing = manifest();
        missing.put("Plugin-Class", "com.example.Missing");
        assertThat(PluginJarCheck.problems(jar(missing, GoodFactory.class.getName(), GoodFactory.class)))
                .containsExactly("Plugin-Class com.example.Missing is not in the jar");
        Map<String, String> notAPlugin = manifest();
        notAPlugin.put("Plugin-Class", GoodFactory.class.getName());
        assertThat(PluginJarCheck.problems(jar(notAPlugin, GoodFactory.class.getName(), GoodFactory.class)))
                .containsExactly("Plugin-Class " + GoodFactory.class.getName()
                        + " is not a concrete subclass of org.pf4j.Plugin");
    }

    @Test
    void extensionsMustBeCreatableWithTypesOfTheirOwn() throws IOException {
        String index = String.join("\n", List.of(GoodFactory.class.getName(), TwinFactory.class.getName(),
                NeedyFactory.class.getName(), "com.example.Gone", String.class.getName()));
        assertThat(PluginJarCheck.problems(jar(manifest(), index, GoodFactory.class, TwinFactory.class, NeedyFactory.class)))
                .containsExactly(
                        "two extensions serve check type 'good'",
                        "extension " + NeedyFactory.class.getName() + " has no public no-argument constructor",
                        "META-INF/extensions.idx names com.example.Gone, which is not in the jar",
                        "META-INF/extensions.idx names java.lang.String, which is not in the jar");
    }
}
