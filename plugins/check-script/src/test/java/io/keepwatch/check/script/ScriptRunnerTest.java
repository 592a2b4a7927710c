package io.keepwatch.check.script;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ScriptRunnerTest {

    @TempDir
    Path dir;

    private static ScriptRunner sh(String script) {
        return new ScriptRunner(List.of("/bin/sh", "-c", script), Optional.empty(), Duration.ofMillis(300));
    }

    @Test
    void exitZeroSucceeds() throws Exception {
        ScriptRunner.Outcome outcome = sh("exit 0").run(Duration.ofSeconds(5));
        assertThat(outcome.success()).isTrue();
        assertThat(outcome.description()).isEqualTo("exited with status 0");
    }

    @Test
    void nonZeroExitFails() throws Exception {
        ScriptRunner.Outcome outcome = sh("exit 3").run(Duration.ofSeconds(5));
        assertThat(outcome.success()).isFalse();
        assertThat(outcome.exitStatus()).isEqualTo(3);
        assertThat(outcome.description()).isEqualTo("exited with status 3");
    }

    @Test
    void argumentsArePassedAsWords() throws Exception {
        Path out = dir.resolve("args");
        new ScriptRunner(List.of("/bin/sh", "-c", "printf '%s|' \"$@\" > \"$0\"", out.toString(), "a b", "c"),
                Optional.empty(), Duration.ofMillis(300)).run(Duration.ofSeconds(5));
        assertThat(Files.readString(out)).isEqualTo("a b|c|");
    }

    @Test
    void hangingScriptTimesOutAndItsWholeProcessGroupIsKilled() throws Exception {
        Path pids = dir.resolve("pids");
        // The script leaves a grandchild behind and hangs; both must be gone after the timeout.
        ScriptRunner runner = sh("sleep 300 & echo $! > " + pids + "; echo $$ >> " + pids + "; wait");
        long start = System.nanoTime();
        ScriptRunner.Outcome outcome = runner.run(Duration.ofMillis(500));
        long tookMs = (System.nanoTime() - start) / 1_000_000;

        assertThat(outcome.timedOut()).isTrue();
        assertThat(outcome.success()).isFalse();
        assertThat(tookMs).isLessThan(5_000);
        for (String pid : Files.readAllLines(pids)) {
            assertGone(Long.parseLong(pid.trim()));
        }
    }

    @Test
    void scriptIgnoringSigtermIsKilled() throws Exception {
        Path pidFile = dir.resolve("pid");
        ScriptRunner runner = sh("trap '' TERM; echo $$ > " + pidFile + "; while :; do sleep 0.05; done");
        ScriptRunner.Outcome outcome = runner.run(Duration.ofMillis(400));
        assertThat(outcome.timedOut()).isTrue();
        assertGone(Long.parseLong(Files.readString(pidFile).trim()));
    }

    @Test
    void interruptingTheCallerKillsTheScript() throws Exception {
        Path pidFile = dir.resolve("pid");
        ScriptRunner runner = sh("echo $$ > " + pidFile + "; exec sleep 300");
        CompletableFuture<Throwable> thrown = new CompletableFuture<>();
        Thread caller = Thread.ofVirtual().start(() -> {
            try {
                runner.run(Duration.ofSeconds(60));
                thrown.complete(null);
            } catch (Throwable t) {
                thrown.complete(t);
            }
        });
        waitFor(() -> Files.exists(pidFile) && !readOrEmpty(pidFile).isBlank());
        caller.interrupt();
        assertThat(thrown.get(10, TimeUnit.SECONDS)).isInstanceOf(InterruptedException.class);
        assertGone(Long.parseLong(Files.readString(pidFile).trim()));
    }

    static void assertGone(long pid) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false) && !isZombie(pid)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("process " + pid + " still alive");
            }
            Thread.sleep(20);
        }
    }

    private static boolean isZombie(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            return stat.substring(stat.lastIndexOf(')') + 2).startsWith("Z");
        } catch (Exception e) {
            return true;
        }
    }

    private static String readOrEmpty(Path p) {
        try {
            return Files.readString(p);
        } catch (Exception e) {
            return "";
        }
    }

    static void waitFor(java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not met within 10 s");
            }
            Thread.sleep(10);
        }
    }
}
