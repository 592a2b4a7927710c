package io.keepwatch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class RunArgumentsTest {

    @Test
    void readsWhatPicocliReads() {
        List<String[]> lines = List.of(
                new String[] {"run"},
                new String[] {"run", "-f", "/etc/k.conf"},
                new String[] {"run", "--use-file", "k.conf", "--config-id", "lb1"},
                new String[] {"run", "--use-file=k.conf", "--config-id=", "--metrics-listen=none"},
                new String[] {"run", "-f", "k.conf", "--metrics-listen", "[::1]:9650", "--control-socket", "none",
                        "--dump-state-file", "/tmp/s.data", "--dump-stats-file", "/tmp/s.stats"},
                new String[] {"run", "--plugin-dir", "/a", "--plugin-dir=/b", "-f", "x.conf"});
        for (String[] args : lines) {
            Optional<RunCommand> read = RunArguments.parse(args);
            assertThat(read).as(String.join(" ", args)).isPresent();
            assertThat(fields(read.get())).as(String.join(" ", args)).isEqualTo(fields(picocli(args)));
        }
    }

    @Test
    void leavesEverythingElseToPicocli() {
        List<String[]> lines = List.of(
                new String[] {"run", "--help"},
                new String[] {"run", "-h"},
                new String[] {"run", "-V"},
                new String[] {"run", "-f"},
                new String[] {"run", "-f", "a.conf", "-f", "b.conf"},
                new String[] {"run", "-f", "a.conf", "--use-file", "b.conf"},
                new String[] {"run", "--config-id", "--metrics-listen"},
                new String[] {"run", "--no-such-option", "x"},
                new String[] {"run", "-fk.conf"},
                new String[] {"run", "@args"},
                new String[] {"run", "-f", "@args"},
                new String[] {"run", "--", "x"},
                new String[] {"run", "--no-bundled-plugins"},
                new String[] {"run", "--metrics-keepalived-compat"},
                new String[] {"run", "--metrics-keepalived-compat", "gen2brain"},
                new String[] {"run", "-f", "a\0b"},
                new String[] {"status"});
        for (String[] args : lines) {
            assertThat(RunArguments.parse(args)).as(Arrays.toString(args)).isEmpty();
        }
    }

    private static RunCommand picocli(String[] args) {
        CommandLine cli = TopCommand.commandLine("run");
        cli.parseArgs(args);
        return cli.getSubcommands().get("run").getCommand();
    }

    private static List<Object> fields(RunCommand run) {
        return Arrays.asList(run.config.file, run.configId, run.metricsListen, run.keepalivedCompat,
                run.controlSocket, run.stateDumpFile, run.statsDumpFile, run.pluginDirs.roots());
    }
}
