package io.keepwatch.cli;

import io.keepwatch.config.ConfigLoader;
import io.keepwatch.config.ConfigResult;
import io.keepwatch.config.diagnostic.Diagnostic;
import io.keepwatch.config.model.KeepalivedConfig;
import io.keepwatch.config.model.KeepalivedExporter;
import io.keepwatch.control.ControlServer;
import io.keepwatch.control.DaemonStatus;
import io.keepwatch.control.Dumps;
import io.keepwatch.control.Observability;
import io.keepwatch.linux.Capabilities;
import io.keepwatch.linux.LinkNames;
import io.keepwatch.plugins.PluginDirOptions;
import io.keepwatch.plugins.PluginHost;
import io.keepwatch.plugins.PluginRoots;
import io.keepwatch.runtime.Daemon;
import io.keepwatch.runtime.PluginBlocks;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "run", mixinStandardHelpOptions = true,
        description = "Run the VRRP daemon in the foreground until SIGTERM or SIGINT; SIGHUP reloads.",
        exitCodeListHeading = "Exit codes:%n",
        exitCodeList = {"0:stopped by a signal or keepwatch stop", "2:bad command line",
                "4:the configuration cannot be read or the control socket is taken",
                "5:the configuration has errors", "77:missing CAP_NET_ADMIN or CAP_NET_RAW"})
final class RunCommand implements Callable<Integer> {

    static final int EXIT_NO_PERMISSION = 77;

    @Mixin
    ConfigFileOption config;

    @Option(names = "--config-id", paramLabel = "ID",
            description = "Id that @ID conditional lines are matched against (default: the short host name).")
    String configId;

    @Mixin
    PluginDirOptions pluginDirs = new PluginDirOptions();

    @Option(names = "--metrics-listen", paramLabel = "ADDR:PORT",
            description = "Where the read-only HTTP endpoint (/metrics, /status, /, /healthz) listens, or none; "
                    + "overrides global_defs metrics_listen (default 127.0.0.1:9650).")
    String metricsListen;

    @Option(names = "--metrics-keepalived-compat", arity = "0..1", fallbackValue = "mehdy", paramLabel = "EXPORTER",
            converter = KeepalivedExporterConverter.class,
            description = "Also serve the metric names of a keepalived Prometheus exporter: mehdy (the default) or "
                    + "gen2brain; repeatable; overrides global_defs metrics_keepalived_compat.")
    List<KeepalivedExporter> keepalivedCompat = new ArrayList<>();

    @Option(names = "--control-socket", paramLabel = "PATH",
            description = "Control socket for keepwatch status|reload|stop, or none (default: ${DEFAULT-VALUE}).")
    String controlSocket = ControlServer.DEFAULT_SOCKET.toString();

    @Option(names = "--dump-state-file", paramLabel = "FILE",
            description = "Where SIGUSR1 writes the state (default: ${DEFAULT-VALUE}).")
    Path stateDumpFile = Dumps.DEFAULT_STATE_FILE;

    @Option(names = "--dump-stats-file", paramLabel = "FILE",
            description = "Where SIGUSR2 writes the statistics (default: ${DEFAULT-VALUE}).")
    Path statsDumpFile = Dumps.DEFAULT_STATS_FILE;

    @Spec
    CommandSpec spec;

    /** Where diagnostics go when picocli did not read the command line ({@link RunArguments}). */
    PrintWriter err;

    @Override
    public Integer call() throws Exception {
        PrintWriter err = this.err != null ? this.err : spec.commandLine().getErr();
        Path file = config.resolve();
        String id = configId != null ? configId : ConfigLoader.defaultConfigId();
        ConfigResult result = ConfigLoader.load(file, id, LinkNames.existing());
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
        KeepalivedConfig loaded = result.config().get();
        Observability.Settings settings;
        try {
            settings = settings(loaded);
        } catch (IllegalArgumentException e) {
            err.println("keepwatch: " + e.getMessage());
            err.flush();
            return 2;
        }
        Capabilities capabilities = Capabilities.current();
        if (!capabilities.sufficient()) {
            err.println("keepwatch: " + capabilities.missingMessage());
            err.flush();
            return EXIT_NO_PERMISSION;
        }
        PluginRoots roots = pluginDirs.roots(loaded.global().pluginDirs(), loaded.global().noBundledPlugins());
        if (!roots.refusals().isEmpty()) {
            roots.refusals().forEach(r -> err.println("keepwatch: " + r));
            err.println("keepwatch: not started");
            err.flush();
            return CheckConfigCommand.EXIT_ERRORS;
        }
        try (Observability observability = new Observability(settings, Clock.systemUTC())) {
            PluginHost plugins = new PluginHost(roots, observability.metrics());
            // Plugin blocks are checked before anything starts. Without any, the plugins load after the
            // instances, so that the first advert does not wait for them.
            if (PluginBlocks.present(loaded)) {
                plugins.start();
                List<Diagnostic> errors = PluginBlocks.check(plugins, loaded);
                if (!errors.isEmpty()) {
                    errors.forEach(err::println);
                    err.println("keepwatch: not started: " + file + " has errors (see above)");
                    err.flush();
                    plugins.close();
                    return CheckConfigCommand.EXIT_ERRORS;
                }
            }
            Daemon daemon = new Daemon(file, id, plugins, observability.metrics(),
                    observability.observer());
            try {
                observability.startControl(settings, new ControlServer.Handler() {
                    @Override
                    public DaemonStatus status() {
                        return observability.status();
                    }

                    @Override
                    public Optional<String> reload() {
                        return daemon.reload();
                    }

                    @Override
                    public void stop() {
                        daemon.requestStop();
                    }
                });
            } catch (IOException e) {
                err.println("keepwatch: not started: " + e.getMessage());
                err.flush();
                return CheckConfigCommand.EXIT_FATAL;
            }
            // The HTTP endpoint waits until the instances run: the first advert does not wait for it.
            daemon.whenRunning(() -> observability.startHttp(settings,
                    () -> daemon.responsive(Observability.HEALTH_TIMEOUT)));
            return daemon.run(loaded);
        }
    }

    /** {@code mehdy} or {@code gen2brain}, as in global_defs. */
    static final class KeepalivedExporterConverter implements CommandLine.ITypeConverter<KeepalivedExporter> {
        @Override
        public KeepalivedExporter convert(String value) {
            return KeepalivedExporter.of(value).orElseThrow(() -> new CommandLine.TypeConversionException(
                    "'" + value + "' is not mehdy or gen2brain"));
        }
    }

    /** The command line wins over global_defs. */
    Observability.Settings settings(KeepalivedConfig loaded) {
        Optional<InetSocketAddress> listen = metricsListen == null
                ? loaded.global().metrics().listen()
                : ListenAddress.parse(metricsListen);
        Optional<Path> socket = controlSocket.equals("none") ? Optional.empty() : Optional.of(Path.of(controlSocket));
        Set<KeepalivedExporter> compat = keepalivedCompat.isEmpty()
                ? loaded.global().metrics().keepalivedCompat()
                : Set.copyOf(keepalivedCompat);
        boolean named = loaded.global().lifecycle().dataUseInstance();
        return new Observability.Settings(listen, compat, socket,
                named && stateDumpFile.equals(Dumps.DEFAULT_STATE_FILE) ? DumpFileNames.withNamespace(stateDumpFile) : stateDumpFile,
                named && statsDumpFile.equals(Dumps.DEFAULT_STATS_FILE) ? DumpFileNames.withNamespace(statsDumpFile) : statsDumpFile);
    }
}
