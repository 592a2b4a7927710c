package io.keepwatch.testing;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * Prometheus's own linter, {@code promtool check metrics} (Debian package {@code prometheus}, installed
 * by bin/install-test-deps): what it says about a scrape, and whether it accepted it.
 */
public final class Promtool {

    /** Its exit code and everything it printed. */
    public record Verdict(int exitCode, String output) {
        public boolean passed() {
            return exitCode == 0;
        }
    }

    private Promtool() {}

    /**
     * Runs it on {@code scrape}. Without promtool the test is skipped, unless CI=true: there, as for the
     * namespace suite, a missing tool fails rather than passing unseen.
     */
    public static Verdict checkMetrics(String scrape) throws IOException, InterruptedException {
        Process p;
        try {
            p = new ProcessBuilder("promtool", "check", "metrics").redirectErrorStream(true).start();
        } catch (IOException e) {
            if ("true".equals(System.getenv("CI"))) {
                throw new IllegalStateException("promtool is missing and CI=true forbids skipping: "
                        + "run bin/install-test-deps", e);
            }
            Assumptions.abort("promtool is not installed (bin/install-test-deps installs it)");
            throw e;
        }
        try (OutputStream in = p.getOutputStream()) {
            in.write(scrape.getBytes(StandardCharsets.UTF_8));
        }
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(30, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("promtool check metrics did not finish within 30 s");
        }
        return new Verdict(p.exitValue(), output);
    }
}
