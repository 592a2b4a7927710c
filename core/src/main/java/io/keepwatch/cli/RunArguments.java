package io.keepwatch.cli;

import io.keepwatch.plugins.PluginDirOptions;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * {@code keepwatch run}'s command line read without picocli, for the common case: every argument an
 * option of {@link RunCommand} that takes one value, given once, as {@code --name VALUE} or
 * {@code --name=VALUE}. picocli builds its model by reflection and brings a few hundred classes
 * (its own, annotation proxies, method handle forms) that the daemon would keep resident and load
 * on the way to its first advert; the options it has to read are a handful. Anything else (help,
 * version, a repeated or unknown option, a value that looks like an option, an {@code @file}) is
 * left to picocli, so usage and errors stay picocli's. {@code RunArgumentsTest} holds the two
 * readers to the same result.
 */
final class RunArguments {

    private RunArguments() {}

    /** The command {@code args} (starting with {@code run}) asks for, or empty: let picocli read them. */
    static Optional<RunCommand> parse(String[] args) {
        if (args.length == 0 || !args[0].equals("run")) {
            return Optional.empty();
        }
        RunCommand run = new RunCommand();
        run.config = new ConfigFileOption();
        List<Path> pluginDirs = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (int i = 1; i < args.length; i++) {
            String arg = args[i];
            String name = arg;
            String value;
            int eq = arg.indexOf('=');
            if (arg.startsWith("--") && eq > 0) {
                name = arg.substring(0, eq);
                value = arg.substring(eq + 1);
            } else if (i + 1 < args.length && !args[i + 1].startsWith("-") && !args[i + 1].startsWith("@")) {
                value = args[++i];
            } else {
                return Optional.empty();
            }
            if (!name.equals("--plugin-dir") && !seen.add(name.equals("--use-file") ? "-f" : name)) {
                return Optional.empty();
            }
            try {
                if (!set(run, pluginDirs, name, value)) {
                    return Optional.empty();
                }
            } catch (InvalidPathException e) {
                return Optional.empty();
            }
        }
        run.pluginDirs = PluginDirOptions.of(pluginDirs);
        return Optional.of(run);
    }

    /** Sets option {@code name}; false when it is not one read here. */
    private static boolean set(RunCommand run, List<Path> pluginDirs, String name, String value) {
        switch (name) {
            case "-f", "--use-file" -> run.config.file = Path.of(value);
            case "--config-id" -> run.configId = value;
            case "--metrics-listen" -> run.metricsListen = value;
            case "--control-socket" -> run.controlSocket = value;
            case "--dump-state-file" -> run.stateDumpFile = Path.of(value);
            case "--dump-stats-file" -> run.statsDumpFile = Path.of(value);
            case "--plugin-dir" -> pluginDirs.add(Path.of(value));
            default -> {
                return false;
            }
        }
        return true;
    }
}
