package io.keepwatch.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.keepwatch.config.syntax.ConfigLimits;
import io.keepwatch.testing.KeepwatchProcess;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Whatever a configuration holds, reading it fits in the daemon's heap: each of {@link ConfigLimits}
 * is driven to its worst case (the most memory per octet of file) in a JVM with less heap than the
 * launcher gives the daemon, as {@code keepwatch check-config} (the same reading a reload does), and
 * the file is refused (exit 5) with the limit's message instead of an OutOfMemoryError. What the daemon
 * already runs keeps the difference.
 */
class ConfigLimitsHeapTest {
    /** The launcher runs the daemon with {@code -Xmx64m}; reading must leave room for the rest. */
    private static final String HEAP = "-Xmx40m";

    @TempDir
    Path dir;

    enum WorstCase {
        /** One-letter words: the most words for the characters. */
        WORDS("the configuration holds more than " + ConfigLimits.MAX_TOKENS + " words and braces") {
            @Override
            String text() {
                String words = " a".repeat(400);
                return "~SEQ(i, 1, " + (ConfigLimits.MAX_TOKENS / 400 + 10) + ") notification_email_from" + words + "\n";
            }
        },
        /** Lines as long as a line may be, one word each: the most characters kept. */
        CHARACTERS("holds more than " + ConfigLimits.MAX_EXPANDED_LINES + " lines or " + ConfigLimits.MAX_EXPANDED_CHARS
                + " characters") {
            @Override
            String text() {
                return "~SEQ(i, 1, " + (ConfigLimits.MAX_EXPANDED_CHARS / 1000 + 10) + ") router_id $i"
                        + "x".repeat(990) + "\n";
            }
        },
        /** Expansions within expansions. */
        LINES("holds more than " + ConfigLimits.MAX_EXPANDED_LINES + " lines") {
            @Override
            String text() {
                return "~SEQ(i, 1, 1000) ~SEQ(j, 1, 1000) # $i $j\n";
            }
        },
        /** A file of one-letter words, read whole before it is split into lines. */
        BYTES("larger than " + ConfigLimits.MAX_BYTES + " octets") {
            @Override
            String text() {
                return ("a b c d e f g h i j k l m n o p q r s t u v w x y z\n").repeat(ConfigLimits.MAX_BYTES / 52 + 10);
            }
        };

        final String message;

        WorstCase(String message) {
            this.message = message;
        }

        abstract String text();
    }

    @ParameterizedTest
    @EnumSource(WorstCase.class)
    void readingStopsAtTheLimitWithinTheHeap(WorstCase worst) throws Exception {
        Path config = dir.resolve("keepalived.conf");
        Files.writeString(config, "global_defs {\n" + worst.text() + "}\n");
        Path output = dir.resolve("output");
        Process checker = new ProcessBuilder(List.of(KeepwatchProcess.javaBinary(), HEAP, "-XX:+UseSerialGC",
                "-XX:+ExitOnOutOfMemoryError", "--enable-native-access=ALL-UNNAMED", "-cp", KeepwatchProcess.testClassPath(),
                "io.keepwatch.cli.Main", "check-config", "--no-interface-check", "-f", config.toString()))
                .redirectErrorStream(true).redirectOutput(output.toFile()).start();
        boolean ended;
        try {
            ended = checker.waitFor(120, TimeUnit.SECONDS);
        } finally {
            checker.destroyForcibly();
        }
        String said = Files.readString(output, StandardCharsets.UTF_8);
        assertThat(ended).as("check-config ended within 120 s: %s", said).isTrue();
        assertThat(said).as("check-config's output").doesNotContain("OutOfMemoryError").contains(worst.message);
        assertThat(checker.exitValue()).as("check-config exits 5: the configuration has errors").isEqualTo(5);
    }
}
