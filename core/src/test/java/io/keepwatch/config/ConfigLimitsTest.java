package io.keepwatch.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.keepwatch.config.diagnostic.Diagnostic;
import io.keepwatch.config.syntax.ConfigLimits;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * No configuration makes loading it take unbounded memory or time: each of {@link ConfigLimits} stops
 * reading with an error at the place it was passed. The deadline is generous (a slow machine passes
 * it many times over; an unbounded expansion never ends within it), and what loading allocates is
 * counted, not timed.
 */
class ConfigLimitsTest {
    private static final Duration DEADLINE = Duration.ofSeconds(120);
    /** Far above what any bounded case allocates, far below what an unbounded one would. */
    private static final long ALLOCATION_BOUND = 4L * 1024 * 1024 * 1024;
    private static final String INSTANCE = """
            vrrp_instance VI_1 {
                interface eth0
                virtual_router_id 51
                virtual_ipaddress {
                    10.0.0.1
                }
            }
            """;

    @TempDir
    Path dir;

    private ConfigResult load(String main) throws IOException {
        Path file = dir.resolve("keepalived.conf");
        Files.writeString(file, main);
        return load(file);
    }

    private static ConfigResult load(Path file) {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        return assertTimeoutPreemptively(DEADLINE, () -> {
            long before = threads.getCurrentThreadAllocatedBytes();
            ConfigResult result = ConfigLoader.load(file, "any");
            assertThat(threads.getCurrentThreadAllocatedBytes() - before).as("octets allocated").isLessThan(ALLOCATION_BOUND);
            return result;
        });
    }

    private static Diagnostic onlyError(ConfigResult result) {
        assertThat(result.config()).isEmpty();
        assertThat(result.errors()).hasSize(1);
        return result.errors().getFirst();
    }

    @Test
    void aLineOfAMegabyteIsAnErrorAtItsLine() throws IOException {
        String line = "    router_id " + "x".repeat(1 << 20);
        ConfigResult result = load("global_defs {\n" + line + "\n}\n" + INSTANCE);

        Diagnostic error = onlyError(result);
        assertThat(error.position().file()).endsWith("keepalived.conf");
        assertThat(error.position().line()).isEqualTo(2);
        assertThat(error.message()).contains("line of " + line.length() + " characters, longer than 1023");
    }

    @Test
    void aLineOfKeepalivedsLengthIsRead() throws IOException {
        String id = "x".repeat(ConfigLimits.MAX_LINE_LENGTH - "    router_id ".length());
        ConfigResult result = load("global_defs {\n    router_id " + id + "\n}\n" + INSTANCE);

        assertThat(result.errors()).isEmpty();
        assertThat(result.config().orElseThrow().global().routerId()).hasValue(id);
    }

    /** Fifteen files that each include the next twice: 32767 reads without a loop, within the include depth. */
    @Test
    void includesThatMultiplyStopAfterTheFileLimit() throws IOException {
        for (int i = 0; i < 15; i++) {
            Files.writeString(dir.resolve("level" + i + ".conf"), i == 14 ? "# the last\n"
                    : "include level" + (i + 1) + ".conf\ninclude level" + (i + 1) + ".conf\n");
        }
        ConfigResult result = load("include level0.conf\n" + INSTANCE);

        Diagnostic error = onlyError(result);
        assertThat(error.message()).contains("more than " + ConfigLimits.MAX_FILES + " configuration files read");
        assertThat(error.position().file()).contains("level");
        assertThat(error.position().line()).isBetween(1, 2);
    }

    @Test
    void anIncludeCycleIsAnErrorAtTheIncludeThatCloses() throws IOException {
        Files.writeString(dir.resolve("a.conf"), "include b.conf\n");
        Files.writeString(dir.resolve("b.conf"), "\ninclude a.conf\n");
        ConfigResult result = load("include a.conf\n" + INSTANCE);

        Diagnostic error = onlyError(result);
        assertThat(error.position().file()).endsWith("b.conf");
        assertThat(error.position().line()).isEqualTo(2);
        assertThat(error.message()).contains("loops back");
    }

    @Test
    void aGlobMatchingTooManyFilesIsReadNot() throws IOException {
        Path many = Files.createDirectory(dir.resolve("many"));
        for (int i = 0; i <= ConfigLimits.MAX_INCLUDE_MATCHES; i++) {
            Files.writeString(many.resolve(i + ".conf"), "");
        }
        ConfigResult result = load(INSTANCE + "include many/*.conf\n");

        Diagnostic error = onlyError(result);
        assertThat(error.position().line()).isEqualTo(8);
        assertThat(error.message()).contains("matches too many paths");
    }

    @Test
    void bracesStandingForTooManyAlternativesAreReadNot() throws IOException {
        ConfigResult result = load(INSTANCE + "include " + "{a,b}".repeat(40) + ".conf\n");

        Diagnostic error = onlyError(result);
        assertThat(error.position().line()).isEqualTo(8);
        assertThat(error.message()).contains("has too many brace alternatives");
    }

    @Test
    void deepNestingIsAnErrorAtTheFirstBraceTooDeep() throws IOException {
        int depth = 20_000;
        ConfigResult result = load(INSTANCE + "vrrp_unknown {\n" + "b {\n".repeat(depth) + "}\n".repeat(depth + 1));

        Diagnostic error = onlyError(result);
        assertThat(error.position().line()).isEqualTo(8 + ConfigLimits.MAX_BLOCK_DEPTH);
        assertThat(error.message()).contains("blocks nested deeper than " + ConfigLimits.MAX_BLOCK_DEPTH);
    }

    @Test
    void nestingToTheLimitIsRead() throws IOException {
        int depth = ConfigLimits.MAX_BLOCK_DEPTH - 1;
        ConfigResult result = load(INSTANCE + "vrrp_unknown {\n" + "b {\n".repeat(depth) + "}\n".repeat(depth + 1));

        assertThat(result.errors()).isEmpty();
    }

    @Test
    void sequencesWithinSequencesStopAtTheExpansionLimit() throws IOException {
        ConfigResult result = load(INSTANCE + "~SEQ(i,1,60000) ~SEQ(j,1,60000) ~SEQ(k,1,60000) # $i $j $k\n");

        Diagnostic error = onlyError(result);
        assertThat(error.position().line()).isEqualTo(8);
        assertThat(error.message()).contains("holds more than " + ConfigLimits.MAX_EXPANDED_LINES + " lines");
    }

    @Test
    void parametersThatDoubleStopAtTheLineLength() throws IOException {
        StringBuilder text = new StringBuilder("$P0=xxxxxxxx\n");
        for (int i = 1; i < 40; i++) {
            text.append("$P").append(i).append("=$P").append(i - 1).append(" $P").append(i - 1).append('\n');
        }
        ConfigResult result = load(text + "global_defs {\n    router_id $P39\n}\n" + INSTANCE);

        assertThat(result.warnings()).anySatisfy(w -> {
            assertThat(w.position().line()).isEqualTo(42);
            assertThat(w.message()).contains("parameter substitution does not end within 1024 characters");
        });
    }

    /** Multi-line parameters whose lines name the one before, twice: 2^40 lines if nothing stopped them. */
    @Test
    void multiLineParametersThatDoubleStopAtTheExpansionLimit() throws IOException {
        StringBuilder text = new StringBuilder("$M0=# one\n");
        for (int i = 1; i <= 40; i++) {
            text.append("$M").append(i).append("=$M").append(i - 1).append(" \\\n$M").append(i - 1).append("\n\n");
        }
        ConfigResult result = load(text + "$M40\n" + INSTANCE);

        Diagnostic error = onlyError(result);
        assertThat(error.message()).contains("holds more than " + ConfigLimits.MAX_EXPANDED_LINES + " lines");
    }

    @Test
    void filesLargerThanTheLimitTogetherAreAnError() throws IOException {
        String comments = "# " + "c".repeat(1000) + "\n";
        Files.writeString(dir.resolve("big.conf"), comments.repeat(ConfigLimits.MAX_BYTES / comments.length() + 1));
        ConfigResult result = load(INSTANCE + "include big.conf\n");

        Diagnostic error = onlyError(result);
        assertThat(error.position().line()).isEqualTo(8);
        assertThat(error.message()).contains("larger than " + ConfigLimits.MAX_BYTES + " octets");
    }
}
