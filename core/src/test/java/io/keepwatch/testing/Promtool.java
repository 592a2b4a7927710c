package io.keepwatch.testing;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * Prometheus's own tool (Debian package {@code prometheus}, installed by bin/install-test-deps): what
 * {@code promtool check metrics} says about a scrape, {@code check rules} and {@code test rules}
 * about a rule file, and whether it accepted it. Without promtool a test is skipped, unless CI=true:
 * there, as for the namespace suite, a missing tool fails rather than passing unseen.
 */
public final class Promtool {

    /** Its exit code and everything it printed. */
    public record Verdict(int exitCode, String output) {
        public boolean passed() {
            return exitCode == 0;
        }
    }

    private Promtool() {}

    /** {@code promtool check metrics} on {@code scrape}. */
    public static Verdict checkMetrics(String scrape) throws IOException, InterruptedException {
        return run(scrape, "check", "metrics");
    }

    /** {@code promtool check rules FILE}: the rule file's syntax and expressions. */
    public static Verdict checkRules(Path rules) throws IOException, InterruptedException {
        return run("", "check", "rules", rules.toString());
    }

    /** {@code promtool test rules FILE}: the unit tests of a rule file (series in, alerts expected). */
    public static Verdict testRules(Path tests) throws IOException, InterruptedException {
        return run("", "test", "rules", tests.toString());
    }

    private static Verdict run(String input, String... arguments) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("promtool"));
        command.addAll(List.of(arguments));
        Process p;
        try {
            p = new ProcessBuilder(command).redirectErrorStream(true).start();
        } catch (IOException e) {
            if ("true".equals(System.getenv("CI"))) {
                throw new IllegalStateException("promtool is missing and CI=true forbids skipping: "
                        + "run bin/install-test-deps", e);
            }
            Assumptions.abort("promtool is not installed (bin/install-test-deps installs it)");
            throw e;
        }
        try (OutputStream in = p.getOutputStream()) {
            in.write(input.getBytes(StandardCharsets.UTF_8));
        }
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(30, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("promtool " + String.join(" ", arguments) + " did not finish within 30 s");
        }
        return new Verdict(p.exitValue(), output);
    }
}
