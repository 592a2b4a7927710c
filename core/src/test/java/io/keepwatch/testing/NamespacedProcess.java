package io.keepwatch.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * A daemon started by a test inside a network namespace ({@code ip netns exec}), with its output in
 * a log file. It is always ended by its pid: {@link #close()} sends SIGTERM, waits, then SIGKILL.
 */
public class NamespacedProcess implements AutoCloseable {

    private final String name;
    private final Process process;
    private final Path log;

    protected NamespacedProcess(String name, String namespace, List<String> command, Path log) throws IOException {
        this(name, namespace, command, log, Map.of());
    }

    /** With {@code environment} added to the test's own. */
    protected NamespacedProcess(String name, String namespace, List<String> command, Path log,
                                Map<String, String> environment) throws IOException {
        this.name = name;
        this.log = log;
        List<String> full = new ArrayList<>(List.of("ip", "netns", "exec", namespace));
        full.addAll(command);
        ProcessBuilder builder = new ProcessBuilder(full)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        builder.environment().putAll(environment);
        this.process = builder.start();
    }

    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    public Path logFile() {
        return log;
    }

    public String log() {
        try {
            return Files.readString(log, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(log unreadable: " + e.getMessage() + ")";
        }
    }

    /** Waits until the log has a line matching {@code regex}; fails with the log if the deadline passes. */
    public void awaitLog(String regex, Duration timeout) throws InterruptedException {
        Pattern pattern = Pattern.compile(regex, Pattern.MULTILINE);
        Deadline deadline = Deadline.after(timeout);
        while (!pattern.matcher(log()).find()) {
            if (deadline.passed()) {
                throw new AssertionError(name + ": no log line matching /" + regex + "/ within " + timeout
                        + "; log so far:\n" + log());
            }
            if (!process.isAlive()) {
                throw new AssertionError(name + " exited with " + process.exitValue()
                        + " before logging /" + regex + "/; log:\n" + log());
            }
            deadline.pause();
        }
    }

    /** Sends a signal by pid ({@code kill -SIG pid}). */
    public void signal(String signal) throws IOException, InterruptedException {
        Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(pid())).inheritIO().start();
        kill.waitFor(5, TimeUnit.SECONDS);
    }

    /** Waits for the process to exit; returns its exit code. */
    public int awaitExit(Duration timeout) throws InterruptedException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new AssertionError(name + " still running after " + timeout + "; log:\n" + log());
        }
        return process.exitValue();
    }

    /** SIGTERM, up to five seconds' grace, then SIGKILL; also ends any children it left. */
    @Override
    public void close() throws InterruptedException {
        List<ProcessHandle> children = process.descendants().toList();
        if (process.isAlive()) {
            process.destroy();
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(5, TimeUnit.SECONDS);
            }
        }
        for (ProcessHandle child : children) {
            child.destroyForcibly();
        }
    }

    @Override
    public String toString() {
        return name + "[pid " + pid() + "]";
    }
}
