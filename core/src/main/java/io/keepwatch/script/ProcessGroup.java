package io.keepwatch.script;

import io.keepwatch.linux.Constants;
import io.keepwatch.linux.Libc;
import io.keepwatch.linux.NativeException;
import io.keepwatch.plugin.api.ScriptOutcome;
import java.io.File;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one command in a process group of its own and waits for it, as keepalived runs a script.
 * The command must start with {@code setsid}, which makes the script's pid its process group id
 * (the JVM's child is never a group leader, so {@code setsid} does not fork).
 *
 * <p>On timeout the group gets SIGTERM; when the script has gone within the grace time, the group
 * gets SIGKILL anyway (what it started must not outlive it), else SIGKILL follows the grace time,
 * as keepalived does. Children that left the group but are still the script's descendants get the
 * same signals.
 */
final class ProcessGroup {

    private static final Logger LOG = LoggerFactory.getLogger(ProcessGroup.class);
    private static final File DEV_NULL = new File("/dev/null");

    private ProcessGroup() {}

    static ScriptOutcome run(List<String> command, Duration timeout, Duration killGrace)
            throws IOException, InterruptedException {
        Process process = start(command);
        try {
            if (process.waitFor(timeout.toNanos(), TimeUnit.NANOSECONDS)) {
                return exited(process.exitValue());
            }
            List<ProcessHandle> tree = process.descendants().toList();
            signal(process, tree, Constants.SIGTERM);
            process.waitFor(killGrace.toNanos(), TimeUnit.NANOSECONDS);
            signal(process, process.isAlive() ? process.descendants().toList() : tree, Constants.SIGKILL);
            process.waitFor(killGrace.toNanos(), TimeUnit.NANOSECONDS);
            return new ScriptOutcome(-1, true, "timed out after " + seconds(timeout)
                    + ", its process group killed");
        } catch (InterruptedException e) {
            signal(process, process.descendants().toList(), Constants.SIGKILL);
            throw e;
        }
    }

    /** Starts {@code command} with no input and its output discarded, as keepalived runs a script. */
    static Process start(List<String> command) throws IOException {
        return new ProcessBuilder(command)
                .redirectInput(ProcessBuilder.Redirect.from(DEV_NULL))
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
    }

    /**
     * Ends a script that runs until told: SIGTERM to its group, then SIGKILL once {@code grace} has
     * passed (or at once when it has gone, for what it started).
     */
    static void terminate(Process process, Duration grace) throws InterruptedException {
        List<ProcessHandle> tree = process.descendants().toList();
        signal(process, tree, Constants.SIGTERM);
        process.waitFor(grace.toNanos(), TimeUnit.NANOSECONDS);
        signal(process, process.isAlive() ? process.descendants().toList() : tree, Constants.SIGKILL);
    }

    private static ScriptOutcome exited(int status) {
        // The JDK reports a death by signal N as 128 + N, as a shell does.
        String description = status > 128 ? "killed by signal " + (status - 128) : "exited with status " + status;
        return new ScriptOutcome(status, false, description);
    }

    private static void signal(Process process, List<ProcessHandle> tree, int signal) {
        try {
            Libc.kill(-Math.toIntExact(process.pid()), signal);
        } catch (NativeException e) {
            LOG.warn("cannot signal the process group of script pid {}: {}", process.pid(), e.getMessage());
        }
        for (ProcessHandle h : tree) {
            if (signal == Constants.SIGKILL) {
                h.destroyForcibly();
            } else {
                h.destroy();
            }
        }
        if (signal == Constants.SIGKILL) {
            process.destroyForcibly();
        }
    }

    private static String seconds(Duration d) {
        return java.math.BigDecimal.valueOf(d.toMillis(), 3).stripTrailingZeros().toPlainString() + " s";
    }
}
