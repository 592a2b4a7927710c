package io.keepwatch.plugins;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code keepwatch plugins}: lists the plugins found in the plugin directories, their versions and
 * state, the check and notifier types each provides, and the files not loaded (insecure or unreadable). Exit code 0
 * when every plugin found started, 1 otherwise.
 */
@Command(name = "plugins", mixinStandardHelpOptions = true,
        description = "List plugins, their versions and the check and notifier types they provide.")
public final class PluginsCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--plugin-dir", paramLabel = "DIR",
            description = "Plugin directory (repeatable). Default: /usr/share/keepwatch/plugins and /etc/keepwatch/plugins.")
    List<Path> pluginDirs;

    @Override
    public Integer call() {
        List<Path> roots = pluginDirs == null || pluginDirs.isEmpty() ? KeepwatchPluginManager.DEFAULT_ROOTS : pluginDirs;
        PrintWriter out = spec.commandLine().getOut();
        try (PluginHost host = new PluginHost(roots, new SimpleMeterRegistry())) {
            host.start();
            out.print(render(host.plugins(), host.problems()));
            out.flush();
            boolean allStarted = host.plugins().stream().allMatch(p -> p.state().equals("STARTED"));
            return allStarted && host.problems().isEmpty() ? 0 : 1;
        }
    }

    /** The listing as printed: one line per plugin, then one per file not loaded. */
    public static String render(List<PluginInfo> plugins, List<PluginProblem> problems) {
        StringBuilder sb = new StringBuilder();
        if (plugins.isEmpty()) {
            sb.append("no plugins\n");
        } else {
            sb.append(String.format("%-24s %-16s %-8s %-24s %s%n", "PLUGIN", "VERSION", "STATE", "CHECKS", "NOTIFIERS"));
        }
        for (PluginInfo p : plugins) {
            sb.append(String.format("%-24s %-16s %-8s %-24s %s%n", p.id(), p.version(), p.state(),
                    p.checkTypes().isEmpty() ? "-" : String.join(",", p.checkTypes()),
                    p.notifierTypes().isEmpty() ? "-" : String.join(",", p.notifierTypes())));
            p.error().ifPresent(e -> sb.append("    error: ").append(e).append('\n'));
        }
        for (PluginProblem r : problems) {
            sb.append("not loaded: ").append(r.message()).append('\n');
        }
        return sb.toString();
    }
}
