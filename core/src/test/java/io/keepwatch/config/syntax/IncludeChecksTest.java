package io.keepwatch.config.syntax;

import static org.assertj.core.api.Assertions.assertThat;

import io.keepwatch.config.ConfigLoader;
import io.keepwatch.config.ConfigResult;
import io.keepwatch.config.diagnostic.Diagnostic;
import io.keepwatch.config.diagnostic.Severity;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code include_check} and the include forms ({@code includer}, {@code includem}, {@code includew},
 * {@code includeb}, {@code includea}) decide which include problems are errors: keepalived 2.2.7's
 * {@code -t} is the reference. For each form and each kind of problem (a missing file, a wildcard
 * matching nothing, a missing directory, a missing brace alternative, a directory, an executable),
 * keepwatch must report keepalived's messages, and an error exactly where keepalived fails the check.
 * Skipped without keepalived, except under CI=true.
 */
class IncludeChecksTest {
    private static final Pattern KEEPALIVED_LINE = Pattern.compile("^\\((?:[^)]*: )?Line \\d+\\) (.*)$");
    private static final String HEAD = "global_defs {\n router_id x\n";

    @TempDir
    Path dir;

    /** One configuration: what keepwatch and keepalived report about it, and whether it fails. */
    private record Outcome(List<String> messages, boolean fails) {
    }

    @Test
    void everyFormTreatsEveryProblemAsKeepalivedDoes() throws Exception {
        Path inc = Files.createDirectories(dir.resolve("inc"));
        Files.writeString(inc.resolve("a.conf"), "\n");
        Files.createDirectories(inc.resolve("empty"));
        Files.createDirectories(inc.resolve("dd.conf"));
        Files.writeString(inc.resolve("x.conf"), "\n");
        Files.setPosixFilePermissions(inc.resolve("x.conf"), PosixFilePermissions.fromString("rwxr-xr-x"));
        List<String> cases = new ArrayList<>();
        for (String form : List.of("include", "includer", "includem", "includew", "includeb", "includea")) {
            for (String pattern : List.of("inc/missing.conf", "inc/empty/*.conf", "inc/nodir/*.conf",
                    "inc/{a,b}.conf", "inc/{b,c}.conf", "inc/dd.conf", "inc/x.conf", "inc/*.conf", "inc/a.conf")) {
                cases.add(HEAD + "}\n" + form + " " + pattern + "\n");
            }
        }
        for (String check : List.of("", "match", "+match", "read", "wildcard_match", "brace_match",
                "+brace_match -read", "match -match", "bogus", "match match")) {
            cases.add(HEAD + " include_check " + check + "\n}\ninclude inc/missing.conf\ninclude inc/empty/*.conf\n"
                    + "include inc/{a,b}.conf\ninclude inc/dd.conf\n");
        }
        // the level set in an included file ends with that file
        Files.writeString(inc.resolve("strict.conf"), "global_defs {\n include_check\n}\ninclude missing.conf\n");
        cases.add(HEAD + "}\ninclude inc/strict.conf\ninclude inc/missing.conf\n");
        // include_check acts in global_defs only
        cases.add(HEAD + "}\ninclude_check\ninclude inc/missing.conf\n");

        List<String> differences = new ArrayList<>();
        for (String text : cases) {
            Path file = dir.resolve("t.conf");
            Files.writeString(file, text);
            Outcome expected = keepalived(file);
            Outcome actual = keepwatch(file);
            if (!expected.equals(actual)) {
                differences.add(text + "  keepalived: " + expected + "\n  keepwatch:  " + actual);
            }
        }
        assertThat(differences).as("configurations read differently").isEmpty();
    }

    private static Outcome keepwatch(Path file) {
        ConfigResult result = ConfigLoader.load(file, "node1");
        List<String> messages = result.diagnostics().stream()
                .filter(d -> !d.message().startsWith("unknown keyword") && !d.message().contains("no vrrp_instance"))
                .map(Diagnostic::message).toList();
        boolean fails = result.diagnostics().stream().anyMatch(d -> d.severity() == Severity.ERROR);
        return new Outcome(messages, fails);
    }

    /**
     * keepalived's messages and whether {@code -t} fails for an error (it also fails for an unknown
     * keyword, which keepwatch warns about).
     */
    private static Outcome keepalived(Path file) throws IOException, InterruptedException {
        KeepalivedCheck check = KeepalivedCheck.of(file);
        List<String> messages = new ArrayList<>();
        boolean unknown = false;
        for (String line : check.output().split("\n")) {
            Matcher m = KEEPALIVED_LINE.matcher(line.strip());
            if (!m.matches()) continue;
            if (m.group(1).startsWith("Unknown keyword")) unknown = true;
            else messages.add(m.group(1));
        }
        return new Outcome(messages, check.exitCode() != 0 && !unknown);
    }
}
