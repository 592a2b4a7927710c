package io.keepwatch.config.syntax;

import static org.assertj.core.api.Assumptions.assumeThat;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * keepalived 2.2.7's configuration check ({@code keepalived -t}) on a file, with config id node1:
 * the reference the syntax tests compare keepwatch with. Skips the test without keepalived, except
 * under CI=true, where it fails.
 *
 * @param output   what it printed (standard output and error)
 * @param exitCode its exit code
 */
record KeepalivedCheck(String output, int exitCode) {

    static KeepalivedCheck of(Path file) throws IOException, InterruptedException {
        Path binary = Path.of("/usr/sbin/keepalived");
        if (!Files.isExecutable(binary)) {
            if ("true".equals(System.getenv("CI"))) fail("keepalived is not installed, and CI=true: run bin/install-test-deps");
            assumeThat(false).as("keepalived is not installed").isTrue();
        }
        Process p = new ProcessBuilder(binary.toString(), "-t", "-l", "-D", "-n", "-i", "node1", "-f", file.toString())
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(20, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            fail("keepalived -t did not finish: " + out);
        }
        return new KeepalivedCheck(out, p.exitValue());
    }
}
