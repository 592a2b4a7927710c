package io.keepwatch.cli;

import io.keepwatch.linux.Libc;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code keepwatch} command: {@code run} (the daemon), {@code check-config} (keepalived's
 * {@code -t}), and {@code status}, {@code reload}, {@code stop} for a running daemon.
 */
@Command(name = "keepwatch", mixinStandardHelpOptions = true, versionProvider = Version.class,
        description = "VRRP high-availability daemon that reads keepalived.conf.")
public final class Main implements Runnable {
    /**
     * The verbs by name, in the order the usage lists them. They are added here rather than named in
     * the annotation so that {@link #main} can give picocli only the one it runs: picocli reflects on
     * every command it is given, generating an annotation proxy class per annotation type, and for
     * {@code run} that is on the way to the first advert.
     */
    private static final Map<String, Supplier<Object>> VERBS = verbs();

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

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
        boolean one = first != null && !first.equals("help") && VERBS.containsKey(first);
        CommandLine cli = new CommandLine(new Main());
        VERBS.forEach((name, verb) -> {
            if (!one || name.equals(first)) {
                cli.addSubcommand(verb.get());
            }
        });
        return cli;
    }

    public static void main(String[] args) {
        if (args.length > 0 && args[0].equals("run")) {
            // the daemon's C library calls are linked on the other CPU while this one builds the
            // command tree and reads the configuration (a failure shows again where a call is made)
            Thread.ofPlatform().name("keepwatch-link").daemon().start(Main::linkQuietly);
        }
        CommandLine cli = commandLine(args.length > 0 ? args[0] : null);
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
