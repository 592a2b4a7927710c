package io.keepwatch.config;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.keepwatch.config.model.KeepalivedConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;

/**
 * Coverage-guided fuzzing of configuration reading as the daemon and check-config do it
 * ({@link ConfigLoader#load}: lexer with includes and {@code $PARAM} expansion, block parser,
 * binders), on a directory of files the input describes; and of the printer: whatever reads
 * without error prints to text that reads back to the same model, with no diagnostic.
 *
 * <p>An input is text: up to its first line {@code #@file NAME} it is {@code keepalived.conf},
 * after each such line the file NAME (a relative path of plain names) in the same directory, for
 * the includes to find. The marker is a comment to the lexer, so a seed is an ordinary config.
 */
@Tag("fuzz")
class ConfigFuzzTest {
    private static final Pattern FILE = Pattern.compile("(?m)^#@file ([A-Za-z0-9_.-]+(?:/[A-Za-z0-9_.-]+)*)\\r?$");
    static final String MAIN = "keepalived.conf";
    private static Path directory;

    @FuzzTest(maxDuration = "30m")
    void readAndPrint(byte[] input) throws IOException {
        Path dir = freshDirectory();
        for (Map.Entry<String, byte[]> file : files(input).entrySet()) {
            Path path = dir.resolve(file.getKey()).normalize();
            if (!path.startsWith(dir) || Files.isDirectory(path)) {
                continue;
            }
            Files.createDirectories(path.getParent());
            Files.write(path, file.getValue());
        }
        ConfigResult result = ConfigLoader.load(dir.resolve(MAIN), "fuzz");

        assertThat(result.config().isPresent()).as("a model exactly when there is no error")
                .isEqualTo(result.errors().isEmpty());
        result.diagnostics().forEach(d -> assertThat(d.message()).isNotBlank());
        result.config().ifPresent(ConfigFuzzTest::printsToTheSameModel);
    }

    /** print(parse(c)) reads back, without a diagnostic, to the same model. */
    static void printsToTheSameModel(KeepalivedConfig config) {
        String text = ConfigPrinter.print(config, true);
        ConfigResult again = ConfigLoader.loadString("printed.conf", text, Path.of("/nonexistent"), "fuzz");
        assertThat(again.diagnostics()).as(text).isEmpty();
        assertThat(ConfigRoundTripTest.withoutPositions(again.config().orElseThrow())).as(text)
                .isEqualTo(ConfigRoundTripTest.withoutPositions(config));
    }

    /** The files an input describes, keepalived.conf first. */
    static Map<String, byte[]> files(byte[] input) {
        String text = new String(input, StandardCharsets.ISO_8859_1); // one char per octet, any octets
        Map<String, byte[]> files = new LinkedHashMap<>();
        Matcher m = FILE.matcher(text);
        String name = MAIN;
        int from = 0;
        while (m.find()) {
            files.merge(name, text.substring(from, m.start()).getBytes(StandardCharsets.ISO_8859_1), ConfigFuzzTest::concat);
            name = m.group(1);
            from = m.end() + (m.end() < text.length() ? 1 : 0);
        }
        files.merge(name, text.substring(from).getBytes(StandardCharsets.ISO_8859_1), ConfigFuzzTest::concat);
        return files;
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    /** One directory for the whole run, emptied before each input. */
    private static Path freshDirectory() throws IOException {
        if (directory == null) {
            directory = Files.createTempDirectory("keepwatch-config-fuzz").toRealPath();
            directory.toFile().deleteOnExit();
        }
        try (Stream<Path> all = Files.walk(directory)) {
            all.sorted(Comparator.reverseOrder()).filter(p -> !p.equals(directory)).forEach(p -> {
                try {
                    Files.delete(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
        return directory;
    }
}
