package io.keepwatch.check.script;

import static org.assertj.core.api.Assertions.assertThat;

import io.keepwatch.plugin.api.HealthCheckSettings;
import io.keepwatch.plugins.CheckScheduler;
import io.keepwatch.plugins.Ticker;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The script check under keepwatch's scheduler: rise/fall on a flapping script, and a hanging one. */
class ScriptCheckScheduledTest {

    record Change(String name, boolean up, String message) {}

    @TempDir
    Path dir;

    private final LinkedBlockingQueue<Change> changes = new LinkedBlockingQueue<>();

    private Change next() throws InterruptedException {
        Change c = changes.poll(15, TimeUnit.SECONDS);
        assertThat(c).as("tracker change within 15 s").isNotNull();
        return c;
    }

    @Test
    void flappingScriptFollowsRiseAndFall() throws Exception {
        Path state = dir.resolve("state");
        Path runs = dir.resolve("runs");
        Files.writeString(state, "0");
        var block = Conf.withScript(Conf.block("flap", "type script", "interval 0.1", "rise 3", "fall 2"),
                "/bin/sh -c 'echo x >> " + runs + "; exit $(cat " + state + ")'");
        var check = new ScriptCheckFactory().create(Conf.context(block));
        try (var scheduler = new CheckScheduler(Ticker.system(),
                (n, up, m) -> changes.add(new Change(n, up, m)), new SimpleMeterRegistry())) {
            scheduler.add("flap", check, HealthCheckSettings.of(block));
            scheduler.start();
            // Not init_fail: the first success decides "up".
            assertThat(next()).isEqualTo(new Change("flap", true, "script flap exited with status 0"));

            Files.writeString(state, "1");
            long failAt = lines(runs);
            Change down = next();
            assertThat(down.up()).isFalse();
            assertThat(down.message()).isEqualTo("script flap exited with status 1");
            // fall 2: at least two failing runs happened before the change.
            assertThat(lines(runs) - failAt).isGreaterThanOrEqualTo(2);

            // A single success among failures does not bring it back (rise 3).
            Files.writeString(state, "0");
            long okAt = lines(runs);
            Change up = next();
            assertThat(up.up()).isTrue();
            assertThat(lines(runs) - okAt).isGreaterThanOrEqualTo(3);
        }
    }

    @Test
    void hangingScriptCountsDownAndLeavesNoProcess() throws Exception {
        Path pid = dir.resolve("pid");
        var block = Conf.withScript(Conf.block("hang", "type script", "interval 0.2", "timeout 0.3"),
                "/bin/sh -c 'echo $$ >> " + pid + "; exec sleep 300'");
        var check = new ScriptCheckFactory().create(Conf.context(block));
        try (var scheduler = new CheckScheduler(Ticker.system(),
                (n, up, m) -> changes.add(new Change(n, up, m)), new SimpleMeterRegistry())) {
            scheduler.add("hang", check, HealthCheckSettings.of(block));
            scheduler.start();
            Change c = next();
            assertThat(c.up()).isFalse();
            assertThat(c.message()).contains("timed out");
        }
        for (String p : Files.readAllLines(pid)) {
            ScriptRunnerTest.assertGone(Long.parseLong(p.trim()));
        }
    }

    private static long lines(Path p) throws Exception {
        return Files.exists(p) ? Files.readAllLines(p).size() : 0;
    }
}
