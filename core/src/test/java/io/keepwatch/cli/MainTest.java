package io.keepwatch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class MainTest {

    private static final String[] ALL = {"run", "check-config", "status", "reload", "stop", "plugins", "help"};

    @Test
    void theFullTreeListsEveryVerbInOrder() {
        assertThat(TopCommand.commandLine().getSubcommands().keySet()).containsExactly(ALL);
        assertThat(TopCommand.commandLine(null).getSubcommands().keySet()).containsExactly(ALL);
        assertThat(TopCommand.commandLine("--help").getSubcommands().keySet()).containsExactly(ALL);
        assertThat(TopCommand.commandLine("no-such-verb").getSubcommands().keySet()).containsExactly(ALL);
        // help names the others
        assertThat(TopCommand.commandLine("help").getSubcommands().keySet()).containsExactly(ALL);
    }

    @Test
    void aVerbGetsOnlyItselfUnderTheTopCommand() {
        for (String verb : ALL) {
            if (!verb.equals("help")) {
                assertThat(TopCommand.commandLine(verb).getSubcommands().keySet()).as(verb).containsExactly(verb);
            }
        }
    }

    @Test
    void aVerbsUsageAndErrorsAreTheSameWithOrWithoutTheOthers() {
        for (String[] args : new String[][] {{"run", "--help"}, {"status", "--no-such-option"}, {"check-config", "-h"}}) {
            assertThat(execute(TopCommand.commandLine(args[0]), args)).as(String.join(" ", args))
                    .isEqualTo(execute(TopCommand.commandLine(), args));
        }
    }

    private static String execute(CommandLine cli, String... args) {
        StringWriter out = new StringWriter();
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(out));
        int code = cli.execute(args);
        return code + "\n" + out;
    }
}
