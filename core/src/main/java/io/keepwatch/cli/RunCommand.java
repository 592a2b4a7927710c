package io.keepwatch.cli;

import io.keepwatch.config.ConfigLoader;
import io.keepwatch.config.ConfigResult;
import io.keepwatch.config.Diagnostic;
import io.keepwatch.config.model.KeepalivedConfig;
import io.keepwatch.linux.Capabilities;
import io.keepwatch.plugins.KeepwatchPluginManager;
import io.keepwatch.runtime.Daemon;
import java.io.PrintWriter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "run", mixinStandardHelpOptions = true,
        description = "Run the VRRP daemon in the foreground until SIGTERM or SIGINT; SIGHUP reloads.",
        exitCodeListHeading = "Exit codes:%n",
        exitCodeList = {"0:stopped by a signal", "4:the configuration cannot be read",
                "5:the configuration has errors", "77:missing CAP_NET_ADMIN or CAP_NET_RAW"})
final class RunCommand implements Callable<Integer> {

    static final int EXIT_NO_PERMISSION = 77;

    @Mixin
    ConfigFileOption config;

    @Option(names = "--config-id", paramLabel = "ID",
            description = "Id that @ID conditional lines are matched against (default: the short host name).")
    String configId;

    @Option(names = "--plugin-dir", paramLabel = "DIR",
            description = "Load plugins from DIR (repeatable; default: global_defs plugin_dir, else "
                    + "/usr/share/keepwatch/plugins and /etc/keepwatch/plugins).")
    List<Path> pluginDirs = new ArrayList<>();

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter err = spec.commandLine().getErr();
        Path file = config.resolve();
        String id = configId != null ? configId : ConfigLoader.defaultConfigId();
        ConfigResult result = ConfigLoader.load(file, id);
        for (Diagnostic d : result.diagnostics()) {
            err.println(d);
        }
        err.flush();
        if (result.fatal()) {
            return CheckConfigCommand.EXIT_FATAL;
        }
        if (result.config().isEmpty()) {
            err.println("keepwatch: not started: " + file + " has errors (see above)");
            err.flush();
            return CheckConfigCommand.EXIT_ERRORS;
        }
        Capabilities capabilities = Capabilities.current();
        if (!capabilities.sufficient()) {
            err.println("keepwatch: " + capabilities.missingMessage());
            err.flush();
            return EXIT_NO_PERMISSION;
        }
        KeepalivedConfig loaded = result.config().get();
        List<Path> plugins = !pluginDirs.isEmpty() ? pluginDirs
                : !loaded.global().pluginDirs().isEmpty() ? loaded.global().pluginDirs()
                : KeepwatchPluginManager.DEFAULT_ROOTS;
        return new Daemon(file, id, plugins, new SimpleMeterRegistry(), transition -> { }).run(loaded);
    }
}
