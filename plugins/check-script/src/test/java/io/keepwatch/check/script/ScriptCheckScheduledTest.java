package io.keepwatch.check.script;

import static org.assertj.core.api.Assertions.assertThat;

import io.keepwatch.plugin.api.HealthCheckSettings;
import io.keepwatch.plugin.testkit.PluginTestKit;
import io.keepwatch.plugins.CheckScheduler;
import io.keepwatch.plugins.Ticker;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
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
        put(state, "0");
        // Each run logs the exit status it is about to return, so the test can count runs exactly.
        var block = PluginTestKit.with(PluginTestKit.check("flap", "type script", "interval 0.1", "timeout 5", "rise 3", "fall 2"), "script", "/bin/sh -c 's=$(cat " + state + "); echo $s >> " + runs + "; exit $s'");
        var check = new ScriptCheckFactory().create(Contexts.of(block));
        try (var scheduler = new CheckScheduler(Ticker.system(),
                (n, up, m) -> changes.add(new Change(n, up, m)), new SimpleMeterRegistry())) {
            scheduler.add("flap", check, HealthCheckSettings.of(block));
            scheduler.start();
            // Not init_fail: the first success decides "up".
            assertThat(next()).isEqualTo(new Change("flap", true, "script flap exited with status 0"));

            put(state, "1");
            Change down = next();
            assertThat(down).isEqualTo(new Change("flap", false, "script flap exited with status 1"));
            assertThat(trailing(runs, "1")).as("fall 2: two failing runs in a row").isGreaterThanOrEqualTo(2);

            put(state, "0");
            Change up = next();
            assertThat(up.up()).isTrue();
            assertThat(trailing(runs, "0")).as("rise 3: three successful runs in a row").isGreaterThanOrEqualTo(3);
            assertThat(changes).isEmpty();
        }
    }

    /** Replaces the file in one step, so a run never reads it half written. */
    private static void put(Path file, String content) throws Exception {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.writeString(tmp, content);
        Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }

    /** How many of the last logged runs, counted from the end, returned {@code status}. */
    private static int trailing(Path runs, String status) throws Exception {
        List<String> lines = Files.readAllLines(runs);
        int n = 0;
        for (int i = lines.size() - 1; i >= 0 && lines.get(i).equals(status); i--) {
            n++;
        }
        return n;
    }

    @Test
    void hangingScriptCountsDownAndLeavesNoProcess() throws Exception {
        Path pid = dir.resolve("pid");
        var block = PluginTestKit.with(PluginTestKit.check("hang", "type script", "interval 0.2", "timeout 0.3"), "script", "/bin/sh -c 'echo $$ >> " + pid + "; exec sleep 300'");
        var check = new ScriptCheckFactory().create(Contexts.of(block));
        try (var scheduler = new CheckScheduler(Ticker.system(),
                (n, up, m) -> changes.add(new Change(n, up, m)), new SimpleMeterRegistry())) {
            scheduler.add("hang", check, HealthCheckSettings.of(block));
            scheduler.start();
            Change c = next();
            assertThat(c.up()).isFalse();
            assertThat(c.message()).contains("timed out");
        }
        for (String p : Files.readAllLines(pid)) {
            long gone = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (ProcessHandle.of(Long.parseLong(p.trim())).map(ProcessHandle::isAlive).orElse(false)) {
                assertThat(System.nanoTime() - gone).as("script pid " + p + " gone").isNegative();
                Thread.sleep(20);
            }
        }
    }

}
