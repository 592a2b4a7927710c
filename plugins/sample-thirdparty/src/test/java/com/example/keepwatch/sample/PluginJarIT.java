package com.example.keepwatch.sample;

import io.keepwatch.plugin.testkit.PluginJarCheck;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** Runs on the packaged jar (failsafe, package phase): would keepwatch load it? */
class PluginJarIT {

    @Test
    void theJarIsAPluginKeepwatchLoads() {
        PluginJarCheck.assertLoadable(Path.of(System.getProperty("plugin.jar")));
    }
}
