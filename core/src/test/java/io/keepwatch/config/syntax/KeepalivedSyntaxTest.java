package io.keepwatch.config.syntax;

import static org.assertj.core.api.Assertions.assertThat;

import io.keepwatch.config.ConfigLoader;
import io.keepwatch.config.ConfigResult;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * keepalived 2.2.7 itself is the reference for the expansion of parameters, multi-line parameters,
 * {@code ~SEQ} and {@code ~LST}: every line of {@code syntax/expansions.conf} expands into top-level
 * words that neither program knows, each named in an "unknown keyword" message with its line, and
 * the two lists must be equal, in order. keepalived's parent process reads the file as written (its
 * VRRP process reads a copy the parent wrote, where {@code \#} is no longer escaped; keepwatch follows
 * the documented reading). Skipped without keepalived, except under CI=true.
 */
class KeepalivedSyntaxTest {
    private static final Pattern KEEPALIVED_LINE = Pattern.compile("^\\(Line (\\d+)\\) (.*)$");
    private static final Pattern KEEPALIVED_UNKNOWN = Pattern.compile("^Unknown keyword '(.*)'$");
    private static final Pattern KEEPWATCH_UNKNOWN = Pattern.compile("^unknown keyword '(.*)'; ignored$");

    @Test
    void expansionsReadAsKeepalivedReadsThem() throws Exception {
        assertThat(sameAsKeepalived("expansions.conf")).hasSizeGreaterThan(50);
    }

    @Test
    void invalidBlocksAreReportedWhereKeepalivedReportsThem() throws Exception {
        assertThat(sameAsKeepalived("invalid.conf")).hasSizeGreaterThan(10);
    }

    /**
     * keepwatch's findings on {@code syntax/NAME} as "LINE WORD" for an unknown keyword and "LINE
     * message" otherwise, asserted equal to keepalived's; returns them.
     */
    private static List<String> sameAsKeepalived(String name) throws Exception {
        Path file = Path.of(KeepalivedSyntaxTest.class.getResource("/syntax/" + name).toURI());
        List<String> expected = keepalived(file);

        ConfigResult result = ConfigLoader.load(file, "node1");
        List<String> actual = new ArrayList<>();
        result.diagnostics().forEach(d -> {
            Matcher m = KEEPWATCH_UNKNOWN.matcher(d.message());
            actual.add(d.position().line() + " " + (m.matches() ? m.group(1) : d.message()));
        });
        // keepwatch reports the lexer's findings before the binder's: compare in line order
        Comparator<String> byLine = Comparator.comparingInt(s -> Integer.parseInt(s.substring(0, s.indexOf(' '))));
        actual.sort(byLine);
        expected.sort(byLine);
        assertThat(actual).containsExactlyElementsOf(expected);
        return actual;
    }

    /**
     * What keepalived's parent reports, in its order: "LINE WORD" for an unknown keyword, "LINE
     * message" for anything else; of its two messages for a refused block, the first, which says why.
     */
    private static List<String> keepalived(Path file) throws IOException, InterruptedException {
        String out = KeepalivedCheck.of(file).output();
        List<String> found = new ArrayList<>();
        String lastLine = "";
        for (String line : out.split("\n")) {
            Matcher m = KEEPALIVED_LINE.matcher(line.strip());
            if (!m.matches()) continue;
            Matcher unknown = KEEPALIVED_UNKNOWN.matcher(m.group(2));
            boolean followUp = m.group(2).matches("Invalid ~(SEQ|LST) specification .*") && m.group(1).equals(lastLine);
            if (!followUp) found.add(m.group(1) + " " + (unknown.matches() ? unknown.group(1) : m.group(2)));
            lastLine = m.group(1);
        }
        return found;
    }
}
