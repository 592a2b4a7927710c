package io.keepwatch.logging;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.slf4j.event.Level;

class LogLevelsTest {

    @Test
    void infoByDefaultAndPf4jSilent() {
        LogLevels levels = new LogLevels();
        assertThat(levels.threshold("io.keepwatch.runtime.Daemon")).isEqualTo(Level.INFO.toInt());
        assertThat(levels.threshold("org.pf4j.AbstractPluginManager")).isEqualTo(LogLevels.OFF);
    }

    @Test
    void systemPropertiesWinForTheNearestEnclosingName() {
        String key = LogLevels.LOGGER_PREFIX + "io.keepwatch.logging.testonly";
        System.setProperty(key, "debug");
        try {
            LogLevels levels = new LogLevels();
            assertThat(levels.threshold("io.keepwatch.logging.testonly.Inner")).isEqualTo(Level.DEBUG.toInt());
            assertThat(levels.threshold("io.keepwatch.logging.other")).isEqualTo(Level.INFO.toInt());
        } finally {
            System.clearProperty(key);
        }
    }
}
