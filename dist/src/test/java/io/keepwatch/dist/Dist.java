package io.keepwatch.dist;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * What the package phase built (paths handed over by failsafe as system properties) and small
 * helpers to run commands on it.
 */
final class Dist {

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

    /** How a command ended. */
    record Result(int exitCode, String output) {}

    /**
     * Runs a command to its end (60 s at most) with a clean environment: no JAVA_HOME, a PATH
     * without any JDK, plus {@code env}.
     */
    static Result run(List<String> command, Map<String, String> env) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        pb.environment().remove("JAVA_HOME");
        pb.environment().remove("JAVA_TOOL_OPTIONS");
        pb.environment().remove("JDK_JAVA_OPTIONS");
        pb.environment().put("PATH", "/usr/sbin:/usr/bin:/sbin:/bin");
        pb.environment().putAll(env);
        Process p = pb.start();
        p.getOutputStream().close();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("timed out: " + command);
        }
        return new Result(p.exitValue(), new String(out, StandardCharsets.UTF_8));
    }

    static Result run(String... command) throws IOException, InterruptedException {
        return run(new ArrayList<>(List.of(command)), Map.of());
    }
}
