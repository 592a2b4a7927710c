package io.keepwatch.cli;

import io.keepwatch.linux.Libc;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import picocli.CommandLine;

/**
 * The {@code keepwatch} command: {@code run} (the daemon), {@code check-config} (keepalived's
 * {@code -t}), and {@code status}, {@code reload}, {@code stop} for a running daemon. The command
 * tree is {@link TopCommand}'s. No signature here names a picocli type (the launcher resolves them
 * all when it looks for {@code main}), so that a daemon started without picocli
 * ({@link RunArguments}) loads none of its classes.
 */
public final class Main {

    private Main() {}

    public static void main(String[] args) {
        if (args.length > 0 && args[0].equals("run")) {
            Thread.ofPlatform().name("keepwatch-link").daemon().start(Main::linkQuietly);
            Optional<RunCommand> run = RunArguments.parse(args);
            if (run.isPresent()) {
                System.exit(run(run.get()));
            }
        }
        CommandLine cli = TopCommand.commandLine(args.length > 0 ? args[0] : null);
        // configurations are UTF-8 (comments and names may be Chinese): print them as UTF-8 whatever the locale
        cli.setOut(utf8(System.out));
        cli.setErr(utf8(System.err));
        System.exit(cli.execute(args));
    }

    /** {@code run} as picocli would execute it: a failure's stack trace on stderr, exit code 1. */
    private static int run(RunCommand run) {
        run.err = utf8(System.err);
        try {
            return run.call();
        } catch (Exception e) {
            e.printStackTrace(run.err);
            run.err.flush();
            return 1;
        }
    }

    private static PrintWriter utf8(PrintStream stream) {
        return new PrintWriter(new OutputStreamWriter(stream, StandardCharsets.UTF_8), true);
    }

    /**
     * Runs on the other CPU while this one reads the command line and the configuration: links the
     * daemon's C library calls. A failure shows again where a call is made.
     */
    private static void linkQuietly() {
        try {
            Libc.link();
        } catch (Throwable ignored) {
            // reported by the first real call
        }
    }
}
