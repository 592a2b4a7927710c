package io.keepwatch.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import io.keepwatch.config.diagnostic.Diagnostic;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * keepalived's own samples (Debian's /usr/share/doc/keepalived/samples) and every configuration of
 * the project read without an "unknown keyword" warning: each keepalived 2.2.7 keyword they use is
 * either implemented or named, with its reason, as out of scope (LVS/IPVS, BFD, SNMP, D-Bus,
 * namespaces). {@link #NOT_YET} names what keepwatch does not implement yet; the test lists every
 * unknown keyword it finds, so the list can only shrink. Under CI=true the samples must be installed
 * (keepalived, from bin/install-test-deps).
 */
class KnownKeywordsTest {
    private static final Path SAMPLES = Path.of("/usr/share/doc/keepalived/samples");
    /** An unknown keyword, or one keepwatch names as not implemented yet: both count as missing. */
    private static final Pattern UNKNOWN = Pattern.compile(
            "unknown (?:keyword|option) '([^']*)'|^(\\S+)(?: in [^:]*)?: not implemented in keepwatch yet");

    /** keepalived keywords the corpus uses that keepwatch does not implement yet. */
    private static final Set<String> NOT_YET = Set.of(
            // VRFs (warned as not implemented yet)
            "vrf");

    /**
     * Words keepalived 2.2.7 does not know either: its lvs_syncd sample lists a sync group's members
     * without {@code group { }}.
     */
    private static final Set<String> KEEPALIVED_TOO = Set.of("VI_2", "VI_3");

    /**
     * Files of the project that are wrong on purpose: the error corpus, the syntax oracle's unknown
     * words and the fuzz targets' inputs.
     */
    private static boolean deliberate(Path file) {
        return file.toString().contains("/config-errors/") || file.toString().contains("FuzzTestInputs/")
                || file.getFileName().toString().equals("expansions.conf")
                || file.getFileName().toString().equals("invalid.conf");
    }

    static List<Path> corpus() throws IOException {
        List<Path> files = new ArrayList<>();
        if (Files.isDirectory(SAMPLES)) {
            try (Stream<Path> s = Files.list(SAMPLES)) {
                s.filter(p -> p.getFileName().toString().startsWith("keepalived.conf")).sorted().forEach(files::add);
            }
        } else if ("true".equals(System.getenv("CI"))) {
            fail(SAMPLES + " is missing, and CI=true: install keepalived (bin/install-test-deps)");
        }
        for (Path root : List.of(Path.of("src/test/resources"), Path.of("../dist/src/main/conf"))) {
            try (Stream<Path> s = Files.walk(root)) {
                s.filter(p -> p.toString().endsWith(".conf") && !deliberate(p)).sorted().forEach(files::add);
            }
        }
        return files;
    }

    @Test
    void theKeywordFileNamesOnlyKeywordsKeepalivedKnows() throws Exception {
        Path file = Path.of("src/test/resources/keywords/keepalived-2.2.7.conf");
        Path binary = Path.of("/usr/sbin/keepalived");
        if (!Files.isExecutable(binary)) {
            if ("true".equals(System.getenv("CI"))) fail("keepalived is not installed, and CI=true: run bin/install-test-deps");
            return;
        }
        Process p = new ProcessBuilder(binary.toString(), "-t", "-l", "-D", "-n", "-f", file.toAbsolutePath().toString())
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(20, TimeUnit.SECONDS)).as("keepalived -t finished").isTrue();
        assertThat(out).doesNotContain("Unknown keyword");
    }

    @Test
    void noKeywordOfTheCorpusIsUnknown() throws IOException {
        List<Path> files = corpus();
        assertThat(files).hasSizeGreaterThan(5);
        Map<String, String> unknown = new TreeMap<>(); // keyword -> where it was first seen
        for (Path file : files) {
            for (Diagnostic d : ConfigLoader.load(file, "node1").diagnostics()) {
                Matcher m = UNKNOWN.matcher(d.message());
                if (m.find()) unknown.putIfAbsent(m.group(1) != null ? m.group(1) : m.group(2), d.position().toString());
            }
        }
        Map<String, String> missing = new TreeMap<>(unknown);
        missing.keySet().removeAll(NOT_YET);
        missing.keySet().removeAll(KEEPALIVED_TOO);
        System.out.println("unknown keywords still in the corpus: " + unknown.keySet());
        assertThat(missing).as("keywords the corpus uses that keepwatch neither implements nor names as out of scope")
                .isEmpty();
        assertThat(NOT_YET).as("listed as not implemented yet, yet no longer reported as such: take them off the list")
                .allMatch(unknown::containsKey);
    }
}
