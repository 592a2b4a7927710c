package io.keepwatch.config;

import io.keepwatch.config.diagnostic.Diagnostic;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every file {@code config-errors/NAME.conf} gives exactly the diagnostics listed in
 * {@code NAME.expected}, in order, as {@code file:line: message} with file names relative to the
 * corpus directory.
 */
class ErrorCorpusTest {

    static Path corpus() throws URISyntaxException {
        return Path.of(ErrorCorpusTest.class.getResource("/config-errors").toURI());
    }

    static Stream<String> cases() throws IOException, URISyntaxException {
        try (Stream<Path> files = Files.list(corpus())) {
            return files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".conf")).sorted().toList().stream();
        }
    }

    @Test
    void corpusCoversEnoughBrokenConfigurations() throws Exception {
        assertThat(cases().count()).isGreaterThanOrEqualTo(30);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void givesExactlyTheExpectedDiagnostics(String name) throws Exception {
        Path dir = corpus();
        Path expectedFile = dir.resolve(name.replace(".conf", ".expected"));
        List<String> expected = Files.readAllLines(expectedFile, StandardCharsets.UTF_8);
        assertThat(expected).as("an .expected file with at least one line").isNotEmpty();

        ConfigResult result = ConfigLoader.load(dir.resolve(name), "test");

        String prefix = dir + "/";
        List<String> actual = result.diagnostics().stream().map(Diagnostic::toString)
                .map(s -> s.startsWith(prefix) ? s.substring(prefix.length()) : s).toList();
        assertThat(actual).containsExactlyElementsOf(expected);
        assertThat(result.config().isPresent()).isEqualTo(result.errors().isEmpty());
        assertThat(result.fatal()).isFalse();
    }

    @Test
    void aMissingFileIsFatal() {
        ConfigResult result = ConfigLoader.load(Path.of("/nonexistent/keepalived.conf"), "test");
        assertThat(result.fatal()).isTrue();
        assertThat(result.config()).isEmpty();
        assertThat(result.diagnostics()).singleElement().hasToString(
                "/nonexistent/keepalived.conf:0: no configuration file /nonexistent/keepalived.conf");
    }
}
