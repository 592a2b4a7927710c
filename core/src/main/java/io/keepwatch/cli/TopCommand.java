package io.keepwatch.cli;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The top of the {@code keepwatch} command tree, whose verbs are the subcommands. */
@Command(name = "keepwatch", mixinStandardHelpOptions = true, versionProvider = Version.class,
        description = "VRRP high-availability daemon that reads keepalived.conf.")
public final class TopCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /**
     * The verbs by name, in the order the usage lists them. They are added here rather than named in
     * the annotation so that {@link Main#main} can give picocli only the one it runs: picocli reflects on
     * every command it is given, generating an annotation proxy class per annotation type. Built when
     * picocli is used, not when this class initialises: {@code run} mostly goes without picocli.
     */
    private static Map<String, Supplier<Object>> verbs() {
        Map<String, Supplier<Object>> verbs = new LinkedHashMap<>();
        verbs.put("run", RunCommand::new);
        verbs.put("check-config", CheckConfigCommand::new);
        verbs.put("status", StatusCommand::new);
        verbs.put("reload", ReloadCommand::new);
        verbs.put("stop", StopCommand::new);
        verbs.put("plugins", PluginsCommand::new);
        verbs.put("help", CommandLine.HelpCommand::new);
        return verbs;
    }

    /** The command tree, ready to execute; tests set its output streams. */
    public static CommandLine commandLine() {
        return commandLine(null);
    }

    /**
     * The command tree for {@code args}: when the first argument is a verb, only that verb under the
     * top command ({@code help} lists the others, so it gets them all); otherwise every verb, for the
     * usage or the error.
     */
    static CommandLine commandLine(String first) {
        Map<String, Supplier<Object>> verbs = verbs();
        boolean one = first != null && !first.equals("help") && verbs.containsKey(first);
        CommandLine cli = new CommandLine(new TopCommand());
        verbs.forEach((name, verb) -> {
            if (!one || name.equals(first)) {
                cli.addSubcommand(verb.get());
            }
        });
        return cli;
    }

    /** Without a verb: the usage, and the exit code of a usage error. */
    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "a command is needed: run, check-config, status, reload or stop");
    }
}
