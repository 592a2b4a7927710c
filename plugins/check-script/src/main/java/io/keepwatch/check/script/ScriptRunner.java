package io.keepwatch.check.script;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Runs one script the way keepalived runs a {@code vrrp_script}, reusable for any script-driven check.
 *
 * <p>The script starts in a session and process group of its own ({@code setsid}), so everything it
 * starts can be ended together: when it overstays its timeout (or the caller is interrupted) the
 * whole group gets SIGTERM, and SIGKILL {@code killGrace} later if any of it is still there. Children
 * that left the group are caught through the process tree ({@link ProcessHandle#descendants()}).
 * With a {@link RunAs}, the script runs through {@code runuser -u USER [-g GROUP] --} (which needs
 * root). Its output is discarded, as keepalived does. Exit status 0 means success.
 */
public final class ScriptRunner {

    /**
     * How a run ended.
     *
     * @param exitStatus the exit status (128 + signal when killed by one); -1 when timed out
     * @param timedOut whether the run was ended for overstaying its timeout
     * @param description a human summary, e.g. {@code "exited with status 1"}
     */
    public record Outcome(int exitStatus, boolean timedOut, String description) {

        /** Whether the script succeeded (exit status 0 within its time). */
        public boolean success() {
            return !timedOut && exitStatus == 0;
        }
    }

    private final List<String> command;
    private final Duration killGrace;

    /**
     * @param argv the program and its arguments
     * @param runAs the user to run as; empty to run as keepwatch's own user
     * @param killGrace time between SIGTERM and SIGKILL on timeout
     */
    public ScriptRunner(List<String> argv, Optional<RunAs> runAs, Duration killGrace) {
        if (argv.isEmpty()) {
            throw new IllegalArgumentException("empty script command");
        }
        this.killGrace = Objects.requireNonNull(killGrace, "killGrace");
        List<String> cmd = new ArrayList<>();
        cmd.add(tool("setsid"));
        runAs.ifPresent(r -> {
            cmd.add(tool("runuser"));
            cmd.add("-u");
            cmd.add(r.user());
            r.group().ifPresent(g -> {
                cmd.add("-g");
                cmd.add(g);
            });
            cmd.add("--");
        });
        cmd.addAll(argv);
        this.command = List.copyOf(cmd);
    }

    /** The full command line started, wrappers included. */
    public List<String> command() {
        return command;
    }

    /**
     * Runs the script once and waits for it, at most {@code timeout} plus the kill grace.
     *
     * @throws IOException when the script cannot be started
     * @throws InterruptedException when the caller is interrupted; the process group is killed first
     */
    public Outcome run(Duration timeout) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(command)
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(ProcessBuilder.Redirect.DISCARD);
        Process process = pb.start();
        try {
            if (process.waitFor(timeout.toNanos(), TimeUnit.NANOSECONDS)) {
                int status = process.exitValue();
                return new Outcome(status, false, status == 0 ? "exited with status 0"
                        : status > 128 ? "killed by signal " + (status - 128) : "exited with status " + status);
            }
            terminate(process);
            return new Outcome(-1, true, "timed out after " + timeout.toMillis() + " ms, process group killed");
        } catch (InterruptedException e) {
            kill(process, "KILL", process.descendants().toList());
            throw e;
        }
    }

    private void terminate(Process process) throws InterruptedException {
        List<ProcessHandle> tree = process.descendants().toList();
        kill(process, "TERM", tree);
        long deadline = System.nanoTime() + killGrace.toNanos();
        while (System.nanoTime() - deadline < 0) {
            if (!process.isAlive() && !groupAlive(process.pid()) && tree.stream().noneMatch(ProcessHandle::isAlive)) {
                return;
            }
            Thread.sleep(20);
        }
        kill(process, "KILL", tree);
        process.waitFor(killGrace.toMillis() + 1000, TimeUnit.MILLISECONDS);
    }

    // setsid made the script's pid its process group id; the group is signalled with kill(1) since
    // Java offers no way to signal a group.
    private static void kill(Process process, String signal, List<ProcessHandle> tree) {
        long group = process.pid();
        try {
            Process k = new ProcessBuilder(tool("kill"), "-s", signal, "--", "-" + group)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .redirectError(ProcessBuilder.Redirect.DISCARD).start();
            k.waitFor(5, TimeUnit.SECONDS);
        } catch (IOException e) {
            // fall through to the per-process signals below
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        for (ProcessHandle h : tree) {
            if (signal.equals("KILL")) {
                h.destroyForcibly();
            } else {
                h.destroy();
            }
        }
        if (signal.equals("KILL")) {
            process.destroyForcibly();
        } else {
            process.destroy();
        }
    }

    /** Whether any process is still in the process group {@code pgid} (read from /proc). */
    static boolean groupAlive(long pgid) {
        try (var dirs = Files.list(Path.of("/proc"))) {
            return dirs.filter(p -> p.getFileName().toString().chars().allMatch(Character::isDigit))
                    .anyMatch(p -> pgidOf(p) == pgid);
        } catch (IOException e) {
            return false;
        }
    }

    private static long pgidOf(Path procDir) {
        try {
            String stat = Files.readString(procDir.resolve("stat"));
            // pid (comm) state ppid pgrp ...: comm may hold spaces, so count from its closing paren.
            String[] rest = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return rest[0].equals("Z") ? -1 : Long.parseLong(rest[2]);
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    private static String tool(String name) {
        for (String dir : List.of("/usr/bin", "/bin", "/usr/sbin", "/sbin")) {
            Path p = Path.of(dir, name);
            if (Files.isExecutable(p)) {
                return p.toString();
            }
        }
        return name;
    }
}
