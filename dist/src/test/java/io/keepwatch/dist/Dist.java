package io.keepwatch.dist;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * What the package phase built (paths handed over by failsafe as system properties) and small
 * helpers to run commands on it.
 */
final class Dist {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    private Dist() {}

    /** The tarball, {@code keepwatch-VERSION-linux-x64.tar.gz}. */
    static Path tarball() {
        return existing(System.getProperty("keepwatch.dist.tarball"), "the tarball");
    }

    /** The .deb, {@code keepwatch_VERSION_amd64.deb}. */
    static Path deb() throws IOException {
        Path dir = existing(System.getProperty("keepwatch.dist.directory"), "the build directory");
        try (DirectoryStream<Path> debs = Files.newDirectoryStream(dir, "keepwatch_*_amd64.deb")) {
            for (Path deb : debs) {
                return deb;
            }
        }
        throw new AssertionError("no keepwatch_*_amd64.deb in " + dir + ": run the package phase first");
    }

    private static Path existing(String path, String what) {
        if (path == null || !Files.exists(Path.of(path))) {
            throw new AssertionError(what + " is missing (" + path + "): run the package phase first");
        }
        return Path.of(path);
    }

    /** Unpacks the tarball into {@code dir} with tar (keeps the modes); returns the keepwatch home in it. */
    static Path unpack(Path dir) throws IOException, InterruptedException {
        Result tar = run(List.of("tar", "-C", dir.toString(), "-xzf", tarball().toString()), Map.of());
        if (tar.exitCode() != 0) {
            throw new AssertionError("tar failed: " + tar.output());
        }
        try (DirectoryStream<Path> homes = Files.newDirectoryStream(dir, "keepwatch-*")) {
            for (Path home : homes) {
                return home;
            }
        }
        throw new AssertionError("the tarball has no keepwatch-* top directory");
    }

    /**
     * Ends a test that cannot run here: under CI=true it fails (a CI run that skips proves
     * nothing), elsewhere it is skipped.
     */
    static void cannotRun(String why) {
        if ("true".equals(System.getenv("CI"))) {
            throw new AssertionError(why + " (CI=true forbids skipping)");
        }
        Assumptions.abort(why);
    }

    /** How a command ended. */
    record Result(int exitCode, String output) {}

    /**
     * Runs a command to its end (60 s at most) with a clean environment: no JAVA_HOME, a PATH
     * without any JDK, plus {@code env}. A command still running at the deadline is killed with
     * every process it started, and the test fails.
     */
    static Result run(List<String> command, Map<String, String> env) throws IOException, InterruptedException {
        return run(command, env, Path.of("").toAbsolutePath());
    }

    /** {@link #run(List, Map)} in {@code workingDirectory}. */
    static Result run(List<String> command, Map<String, String> env, Path workingDirectory)
            throws IOException, InterruptedException {
        Path output = Files.createTempFile("keepwatch-dist-", ".out");
        try {
            ProcessBuilder pb = new ProcessBuilder(command).directory(workingDirectory.toFile()).redirectErrorStream(true)
                    .redirectInput(new File("/dev/null")).redirectOutput(output.toFile());
            pb.environment().remove("JAVA_HOME");
            pb.environment().remove("JAVA_TOOL_OPTIONS");
            pb.environment().remove("JDK_JAVA_OPTIONS");
            pb.environment().put("PATH", "/usr/sbin:/usr/bin:/sbin:/bin");
            pb.environment().putAll(env);
            Process p = pb.start();
            if (!p.waitFor(TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
                throw new AssertionError("still running after " + TIMEOUT + ", killed: " + command + "\n"
                        + new String(Files.readAllBytes(output), StandardCharsets.UTF_8));
            }
            return new Result(p.exitValue(), new String(Files.readAllBytes(output), StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(output);
        }
    }

    static Result run(String... command) throws IOException, InterruptedException {
        return run(new ArrayList<>(List.of(command)), Map.of());
    }
}
