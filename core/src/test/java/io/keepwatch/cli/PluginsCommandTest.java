package io.keepwatch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.keepwatch.plugins.PluginInfo;
import io.keepwatch.plugins.PluginProblem;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class PluginsCommandTest {

    @TempDir
    Path dir;

    @Test
    void rendersPluginsTypesErrorsAndProblems() {
        String text = PluginsCommand.render(List.of(
                new PluginInfo("check-http", "1.2.3", "keepwatch", "1.0.0", Path.of("/p/h.jar"), "STARTED",
                        List.of("http"), List.of(), Optional.empty(), List.of("http: HTTP(S) health check"),
                        List.of("check type 'tcp' refused: plugin check-tcp 1.2.3 already provides it")),
                new PluginInfo("broken", "0.1", "", "1.0.0", Path.of("/p/b.jar"), "FAILED", List.of(), List.of(),
                        Optional.of("not started: its start() threw java.lang.IllegalStateException: boom"),
                        List.of(), List.of())),
                List.of(new PluginProblem(Path.of("/p/x.jar"), "refusing plugin /p/x.jar: writable")));
        assertThat(text.lines()).containsExactly(
                "PLUGIN                   VERSION          STATE    CHECKS                   NOTIFIERS                WITNESSES",
                "check-http               1.2.3            STARTED  http                     -                        -",
                "    http: HTTP(S) health check",
                "    warning: check type 'tcp' refused: plugin check-tcp 1.2.3 already provides it",
                "broken                   0.1              FAILED   -                        -                        -",
                "    error: not started: its start() threw java.lang.IllegalStateException: boom",
                "not loaded: refusing plugin /p/x.jar: writable");
    }

    @Test
    void emptyDirectoryListsNoPluginsAndSucceeds() {
        StringWriter out = new StringWriter();
        CommandLine cli = new CommandLine(new PluginsCommand());
        cli.setOut(new PrintWriter(out));
        assertThat(cli.execute("--plugin-dir", dir.toString(), "--no-bundled-plugins")).isZero();
        assertThat(out.toString()).isEqualTo("no plugins\n");
    }
}
