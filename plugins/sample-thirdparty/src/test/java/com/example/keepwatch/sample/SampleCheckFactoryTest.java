package com.example.keepwatch.sample;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.keepwatch.plugin.api.HealthCheck;
import io.keepwatch.plugin.api.PluginConfigException;
import io.keepwatch.plugin.testkit.PluginTestKit;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SampleCheckFactoryTest {

    @TempDir
    Path dir;

    private HealthCheck check(String... lines) {
        return new SampleCheckFactory().create(PluginTestKit.context(PluginTestKit.check("maintenance", lines)));
    }

    @Test
    void upWhileTheFlagFileExists() throws Exception {
        Path flag = dir.resolve("in-service");
        HealthCheck check = check("type sample", "flag_file " + flag, "interval 1", "weight -20");
        assertThat(check.check(Duration.ofSeconds(1)).up()).isFalse();
        Files.writeString(flag, "");
        assertThat(check.check(Duration.ofSeconds(1)).up()).isTrue();
    }

    @Test
    void aMissingFlagFileIsAnErrorAtTheBlock() {
        assertThatThrownBy(() -> check("type sample", "interval 1"))
                .isInstanceOf(PluginConfigException.class)
                .hasMessage("test.conf:1: missing 'flag_file' in vrrp_check block");
    }

    @Test
    void aMisspelledKeywordIsAnErrorAtItsLine() {
        assertThatThrownBy(() -> check("type sample", "flag_fiel /tmp/x"))
                .isInstanceOf(PluginConfigException.class)
                .hasMessage("test.conf:3: unknown keyword 'flag_fiel' in vrrp_check block");
    }
}
