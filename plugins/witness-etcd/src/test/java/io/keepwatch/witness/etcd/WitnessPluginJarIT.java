package io.keepwatch.witness.etcd;

import io.keepwatch.plugin.testkit.PluginJarCheck;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The packaged jar is a plugin keepwatch loads: manifest, extension index, a witness type. Failsafe
 * runs it after packaging and names the jar; picked up by surefire (a {@code -Dtest} pattern that
 * matches it), before there is a jar, it has nothing to check.
 */
class WitnessPluginJarIT {

    @Test
    void theJarIsAPluginKeepwatchLoads() {
        String jar = System.getProperty("plugin.jar");
        Assumptions.assumeTrue(jar != null, "no packaged jar named (plugin.jar): run by failsafe after packaging");
        PluginJarCheck.assertLoadable(Path.of(jar));
    }
}
