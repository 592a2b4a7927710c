package com.example.keepwatch.sample;

import io.keepwatch.plugin.api.CheckResult;
import io.keepwatch.plugin.api.ConfigValues;
import io.keepwatch.plugin.api.HealthCheck;
import io.keepwatch.plugin.api.HealthCheckFactory;
import io.keepwatch.plugin.api.HealthCheckSettings;
import io.keepwatch.plugin.api.PluginContext;
import java.io.IOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import org.pf4j.Extension;

/**
 * Check type {@code sample}: up while the file named by {@code flag_file} exists.
 *
 * <pre>
 * vrrp_check maintenance {
 *     type sample
 *     flag_file /run/keepwatch/in-service
 *     interval 1
 * }
 * </pre>
 *
 * <p>(The jar manifest's {@code Sample-Type} renames the type: keepwatch's own tests load this jar
 * several times under other names. A plugin of your own returns its type and nothing else.)
 */
@Extension
public class SampleCheckFactory implements HealthCheckFactory {

    private static final Set<String> KEYWORDS = union(HealthCheckSettings.GENERIC_KEYWORDS, Set.of("flag_file"));

    @Override
    public String type() {
        try {
            URL here = SampleCheckFactory.class.getProtectionDomain().getCodeSource().getLocation();
            try (var jar = new JarFile(Path.of(here.toURI()).toFile())) {
                Manifest mf = jar.getManifest();
                String t = mf == null ? null : mf.getMainAttributes().getValue("Sample-Type");
                return t == null ? "sample" : t;
            }
        } catch (IOException | URISyntaxException | RuntimeException e) {
            return "sample";
        }
    }

    @Override
    public HealthCheck create(PluginContext context) {
        // The block holds the keywords every check has (type, interval, ...) and this type's own.
        ConfigValues.rejectUnknown(context.config(), KEYWORDS);
        Path flag = Path.of(ConfigValues.required(context.config(), "flag_file"));
        // Uses the host's SLF4J logger: works even when this jar bundles its own SLF4J copy.
        context.logger().info("sample check {} watches {}", context.name(), flag);
        return timeout -> Files.exists(flag)
                ? CheckResult.up("flag " + flag + " present")
                : CheckResult.down("flag " + flag + " missing");
    }

    private static Set<String> union(Set<String> a, Set<String> b) {
        Set<String> all = new HashSet<>(a);
        all.addAll(b);
        return Set.copyOf(all);
    }
}
