package io.keepwatch.cli;

import io.keepwatch.linux.Libc;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code keepwatch} command: {@code run} (the daemon), {@code check-config} (keepalived's
 * {@code -t}), and {@code status}, {@code reload}, {@code stop} for a running daemon.
 */
@Command(name = "keepwatch", mixinStandardHelpOptions = true, versionProvider = Version.class,
        description = "VRRP high-availability daemon that reads keepalived.conf.",
        subcommands = {RunCommand.class, CheckConfigCommand.class, StatusCommand.class, ReloadCommand.class,
                StopCommand.class, PluginsCommand.class, CommandLine.HelpCommand.class})
public final class Main implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /** The command tree, ready to execute; tests set its output streams. */
    public static CommandLine commandLine() {
        return new CommandLine(new Main());
    }

    public static void main(String[] args) {
        if (args.length > 0 && args[0].equals("run")) {
            // the daemon's C library calls are linked on the other CPU while this one builds the
            // command tree and reads the configuration (a failure shows again where a call is made)
            Thread.ofPlatform().name("keepwatch-link").daemon().start(Main::linkQuietly);
        }
        CommandLine cli = commandLine();
        // configurations are UTF-8 (comments and names may be Chinese): print them as UTF-8 whatever the locale
        cli.setOut(new PrintWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8), true));
        cli.setErr(new PrintWriter(new OutputStreamWriter(System.err, StandardCharsets.UTF_8), true));
        System.exit(cli.execute(args));
    }

    private static void linkQuietly() {
        try {
            Libc.link();
        } catch (Throwable ignored) {
            // the first call on another thread reports it
        }
    }

    /** Without a verb: the usage, and the exit code of a usage error. */
    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "a command is needed: run, check-config, status, reload or stop");
    }
}
