package io.keepwatch.witness.etcd;

import io.keepwatch.plugin.testkit.PluginJarCheck;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The packaged jar is a plugin keepwatch loads: manifest, extension index, a witness type. */
class WitnessPluginJarIT {

    @Test
    void theJarIsAPluginKeepwatchLoads() {
        PluginJarCheck.assertLoadable(Path.of(System.getProperty("plugin.jar")));
    }
}
