package io.keepwatch.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code keepwatch} command: {@code run} (the daemon) and {@code check-config}
 * (keepalived's {@code -t}).
 */
@Command(name = "keepwatch", mixinStandardHelpOptions = true, versionProvider = Version.class,
        description = "VRRP high-availability daemon that reads keepalived.conf.",
        subcommands = {RunCommand.class, CheckConfigCommand.class, CommandLine.HelpCommand.class})
public final class Main implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /** The command tree, ready to execute; tests set its output streams. */
    public static CommandLine commandLine() {
        return new CommandLine(new Main());
    }

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** Without a verb: the usage, and the exit code of a usage error. */
    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "a command is needed: run or check-config");
    }
}
