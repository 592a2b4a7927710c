package io.keepwatch.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import picocli.CommandLine;

/** Runs the {@code keepwatch} command in process, for tests of other packages. */
public final class MainAccess {

    public record Result(int exitCode, String out, String err) {}

    private MainAccess() {}

    public static Result run(String... args) {
        CommandLine cli = TopCommand.commandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        int code = cli.execute(args);
        return new Result(code, out.toString(), err.toString());
    }
}
