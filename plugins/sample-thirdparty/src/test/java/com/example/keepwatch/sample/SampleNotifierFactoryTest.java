package com.example.keepwatch.sample;

import static org.assertj.core.api.Assertions.assertThat;

import io.keepwatch.plugin.api.Notifier;
import io.keepwatch.plugin.api.TransitionEvent;
import io.keepwatch.plugin.testkit.PluginTestKit;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SampleNotifierFactoryTest {

    @TempDir
    Path dir;

    @Test
    void writesOneLinePerEvent() throws Exception {
        Path file = dir.resolve("events.log");
        Notifier notifier = new SampleNotifierFactory().create(PluginTestKit.context(
                PluginTestKit.notifier("journal", "type sample", "file " + file)));
        notifier.send(new TransitionEvent(TransitionEvent.Scope.INSTANCE, "VI_1", TransitionEvent.VrrpState.BACKUP,
                TransitionEvent.VrrpState.MASTER, 100, "master down timer expired", Instant.EPOCH, "lb1",
                List.of("192.0.2.10/24")));
        notifier.send(new TransitionEvent(TransitionEvent.Scope.INSTANCE, "VI_1", TransitionEvent.VrrpState.MASTER,
                TransitionEvent.VrrpState.STOP, 100, "shutdown", Instant.EPOCH, "lb1", List.of("192.0.2.10/24")));
        assertThat(Files.readAllLines(file)).containsExactly(
                "INSTANCE VI_1 BACKUP MASTER 100 master down timer expired",
                "INSTANCE VI_1 MASTER STOP 100 shutdown");
    }
}
