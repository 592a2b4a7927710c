package io.keepwatch.script;

import static org.assertj.core.api.Assertions.assertThat;

import io.keepwatch.plugin.api.ScriptOutcome;
import io.keepwatch.testing.Deadline;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Real scripts run in a process group of their own; a timeout leaves nothing of them behind. */
class PreparedScriptTest {

    private static final Duration GRACE = Duration.ofMillis(300);

    @TempDir
    Path dir;

    private static PreparedScript sh(String script) {
        return new PreparedScript(List.of("/bin/sh", "-c", script), ScriptUsers.self(), false, GRACE);
    }

    @Test
    void theExitStatusDecides() throws Exception {
        assertThat(sh("exit 0").run(Duration.ofSeconds(5)))
                .isEqualTo(new ScriptOutcome(0, false, "exited with status 0"));
        ScriptOutcome failed = sh("exit 3").run(Duration.ofSeconds(5));
        assertThat(failed.success()).isFalse();
        assertThat(failed.description()).isEqualTo("exited with status 3");
    }

    @Test
    void argumentsArePassedAsWordsAfterTheOwnOnes() throws Exception {
        Path out = dir.resolve("args");
        new PreparedScript(List.of("/bin/sh", "-c", "printf '%s|' \"$@\" > \"$0\"", out.toString(), "a b"),
                ScriptUsers.self(), false, GRACE).withArguments(List.of("INSTANCE", "VI 1")).run(Duration.ofSeconds(5));
        assertThat(Files.readString(out)).isEqualTo("a b|INSTANCE|VI 1|");
    }

    @Test
    void theScriptLeadsAProcessGroupAndSessionOfItsOwn() throws Exception {
        Path out = dir.resolve("stat");
        sh("echo $$ > " + out + "; cat /proc/$$/stat >> " + out).run(Duration.ofSeconds(5));
        List<String> lines = Files.readAllLines(out);
        String pid = lines.get(0).trim();
        // pid (comm) state ppid pgrp session ...
        String[] fields = lines.get(1).substring(lines.get(1).lastIndexOf(')') + 2).split(" ");
        assertThat(fields[2]).as("process group id").isEqualTo(pid);
        assertThat(fields[3]).as("session id").isEqualTo(pid);
    }

    @Test
    void aTimeoutKillsTheWholeGroupGrandchildrenIncluded() throws Exception {
        Path pids = dir.resolve("pids");
        // The script leaves a sleeping grandchild and hangs; neither may survive the timeout.
        PreparedScript script = sh("sleep 300 & echo $! > " + pids + "; echo $$ >> " + pids + "; wait");
        long start = System.nanoTime();
        ScriptOutcome outcome = script.run(Duration.ofMillis(500));

        assertThat(outcome.timedOut()).isTrue();
        assertThat(outcome.success()).isFalse();
        assertThat(outcome.description()).isEqualTo("timed out after 0.5 s, its process group killed");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
        List<String> started = Files.readAllLines(pids);
        assertThat(started).hasSize(2);
        for (String pid : started) {
            Processes.awaitGone(Long.parseLong(pid.trim()));
        }
    }

    @Test
    void anOrphanedGrandchildIsKilledWithTheGroup() throws Exception {
        Path pid = dir.resolve("pid");
        // The subshell starts a child that ignores SIGTERM and exits at once: the child, orphaned,
        // is no descendant of the script any more; only the signal to the group reaches it.
        PreparedScript script = sh("(sh -c 'trap \"\" TERM; echo $$ > " + pid
                + "; while :; do sleep 0.05; done' &); exec sleep 300");
        script.run(Duration.ofMillis(500));
        long orphan = Long.parseLong(read(pid).trim());
        Processes.awaitGone(orphan);
    }

    @Test
    void aScriptIgnoringSigtermIsKilled() throws Exception {
        Path pid = dir.resolve("pid");
        ScriptOutcome outcome = sh("trap '' TERM; echo $$ > " + pid + "; while :; do sleep 0.05; done")
                .run(Duration.ofMillis(400));
        assertThat(outcome.timedOut()).isTrue();
        Processes.awaitGone(Long.parseLong(Files.readString(pid).trim()));
    }

    @Test
    void interruptingTheCallerKillsTheScript() throws Exception {
        Path pid = dir.resolve("pid");
        PreparedScript script = sh("echo $$ > " + pid + "; exec sleep 300");
        CompletableFuture<Throwable> thrown = new CompletableFuture<>();
        Thread caller = Thread.ofVirtual().start(() -> {
            try {
                script.run(Duration.ofSeconds(60));
                thrown.complete(null);
            } catch (Throwable t) {
                thrown.complete(t);
            }
        });
        Deadline.await("the script to start", Duration.ofSeconds(10),
                () -> Files.exists(pid) && !read(pid).isBlank());
        caller.interrupt();
        assertThat(thrown.get(10, TimeUnit.SECONDS)).isInstanceOf(InterruptedException.class);
        Processes.awaitGone(Long.parseLong(read(pid).trim()));
    }

    @Test
    void anotherUserIsTakenOnWithSetprivNumerically() {
        PreparedScript script = new PreparedScript(List.of("/bin/true"), new RunAs("nobody", 65534, 65534), true, GRACE);
        assertThat(script.command()).containsExactly("/usr/bin/setsid", "/usr/bin/setpriv", "--reuid=65534",
                "--regid=65534", "--groups=65534", "--", "/bin/true");
    }

    private static String read(Path p) {
        try {
            return Files.readString(p);
        } catch (Exception e) {
            return "";
        }
    }
}
