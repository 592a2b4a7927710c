package io.keepwatch.cli;

import io.keepwatch.config.ConfigLoader;
import io.keepwatch.config.ConfigPrinter;
import io.keepwatch.config.ConfigResult;
import io.keepwatch.config.diagnostic.Diagnostic;
import io.keepwatch.config.model.KeepalivedConfig;
import io.keepwatch.linux.LinkNames;
import io.keepwatch.plugins.PluginDirOptions;
import io.keepwatch.plugins.PluginHost;
import io.keepwatch.plugins.PluginRoots;
import io.keepwatch.runtime.PluginBlocks;
import io.keepwatch.script.ConfiguredScripts;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code keepwatch check-config}: keepalived's {@code -t}. Exit codes are keepalived's for a
 * configuration test: 0 valid, 4 the configuration cannot be read at all, 5 it has errors.
 */
@Command(name = "check-config", mixinStandardHelpOptions = true,
        description = "Check a configuration; every problem is printed as file:line: message.",
        exitCodeListHeading = "Exit codes:%n",
        exitCodeList = {"0:valid (warnings allowed)", "4:the file cannot be read", "5:the configuration has errors"})
final class CheckConfigCommand implements Callable<Integer> {
    static final int EXIT_OK = 0;
    static final int EXIT_FATAL = 4;
    static final int EXIT_ERRORS = 5;

    @Mixin
    ConfigFileOption config;

    @Option(names = "--config-id", paramLabel = "ID",
            description = "Id that @ID conditional lines are matched against (default: the short host name).")
    String configId;

    @Option(names = "--dump", description = "Print the effective configuration (defaults applied, secrets masked).")
    boolean dump;

    @Option(names = "--interface-check",
            description = "As keepalived's -t: an interface the file names that this host lacks is an error"
                    + " (exit 5) unless the file sets dynamic_interfaces. Without it, such an interface is a"
                    + " warning, since a file is often checked away from the host it is written for.")
    boolean interfaceCheck;

    @Option(names = "--no-interface-check",
            description = "Do not look up the interfaces the file names at all.")
    boolean noInterfaceCheck;

    @Mixin
    PluginDirOptions pluginDirs = new PluginDirOptions();

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        if (interfaceCheck && noInterfaceCheck) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "--interface-check and --no-interface-check exclude each other");
        }
        Path file = config.resolve();
        ConfigResult result = ConfigLoader.load(file, configId != null ? configId : ConfigLoader.defaultConfigId(),
                noInterfaceCheck ? null : LinkNames.existing(), interfaceCheck);
        PrintWriter err = spec.commandLine().getErr();
        for (Diagnostic d : result.diagnostics()) err.println(d);
        err.flush();
        if (result.fatal()) return EXIT_FATAL;
        if (result.config().isEmpty()) return EXIT_ERRORS;
        scriptFindings(result.config().get(), file, err);
        if (!pluginBlocksValid(result.config().get(), err)) return EXIT_ERRORS;
        if (dump) {
            PrintWriter out = spec.commandLine().getOut();
            out.print(ConfigPrinter.print(result.config().get()));
            out.flush();
        }
        return EXIT_OK;
    }

    /**
     * What applying the file would say of its scripts (disabled, or run with a warning), as
     * warnings: keepalived's {@code -t} exits 5 for a disabled script, but both daemons run
     * without it, so the file stays valid for {@code ExecStartPre}.
     */
    private static void scriptFindings(KeepalivedConfig loaded, Path file, PrintWriter err) {
        ConfiguredScripts scripts = ConfiguredScripts.prepare(loaded);
        scripts.warnings().forEach(w -> err.println(file + ": warning: " + w));
        scripts.problems().forEach(p -> err.println(file + ": warning: " + p));
        err.flush();
    }

    /**
     * Loads the plugins as {@code run} would and has them check their blocks; prints every error.
     * The plugins' own log lines (a jar refused, a plugin that did not start) go to the log, as in
     * {@code run}; {@code keepwatch plugins} lists them.
     */
    private boolean pluginBlocksValid(KeepalivedConfig loaded, PrintWriter err) {
        PluginRoots roots = pluginDirs.roots(loaded.global().pluginDirs(), loaded.global().noBundledPlugins());
        roots.refusals().forEach(r -> err.println("keepwatch: " + r));
        if (!roots.refusals().isEmpty()) {
            err.flush();
            return false;
        }
        if (!PluginBlocks.present(loaded)) {
            return true;
        }
        try (PluginHost plugins = new PluginHost(roots.all(), new SimpleMeterRegistry())) {
            plugins.start();
            List<Diagnostic> errors = PluginBlocks.check(plugins, loaded);
            errors.forEach(err::println);
            err.flush();
            return errors.isEmpty();
        }
    }
}
