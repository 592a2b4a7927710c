package io.keepwatch.cli;

import io.keepwatch.plugins.PluginDirOptions;
import io.keepwatch.plugins.PluginHost;
import io.keepwatch.plugins.PluginInfo;
import io.keepwatch.plugins.PluginProblem;
import io.keepwatch.plugins.PluginRoots;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code keepwatch plugins}: lists the plugins found in the plugin directories, their versions and
 * state, the check and notifier types each provides and what each is, why a plugin did not start,
 * what was refused of a plugin that did, and the files not loaded (insecure or unreadable). Exit code
 * 0 when every plugin found started whole, 1 otherwise, 5 when a named plugin directory does not exist.
 */
@Command(name = "plugins", mixinStandardHelpOptions = true,
        description = "List plugins, their versions and the check and notifier types they provide.",
        exitCodeListHeading = "Exit codes:%n",
        exitCodeList = {"0:every plugin started", "1:a plugin did not start, or a type or file was refused",
                "5:a plugin directory named does not exist"})
public final class PluginsCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    PluginDirOptions dirs = new PluginDirOptions();

    @Override
    public Integer call() {
        PluginRoots roots = dirs.roots();
        if (!roots.refusals().isEmpty()) {
            PrintWriter err = spec.commandLine().getErr();
            roots.refusals().forEach(r -> err.println("keepwatch: " + r));
            err.flush();
            return 5;
        }
        PrintWriter out = spec.commandLine().getOut();
        try (PluginHost host = new PluginHost(roots.all(), new SimpleMeterRegistry())) {
            host.start();
            out.print(render(host.plugins(), host.problems()));
            out.flush();
            boolean allStarted = host.plugins().stream().allMatch(PluginInfo::healthy);
            return allStarted && host.problems().isEmpty() ? 0 : 1;
        }
    }

    private static String types(List<String> types) {
        return types.isEmpty() ? "-" : String.join(",", types);
    }

    /**
     * The listing as printed: one line per plugin, under it what it is, why it did not start and what
     * was refused of it, then one line per file not loaded.
     */
    public static String render(List<PluginInfo> plugins, List<PluginProblem> problems) {
        StringBuilder sb = new StringBuilder();
        if (plugins.isEmpty()) {
            sb.append("no plugins\n");
        } else {
            sb.append(String.format("%-24s %-16s %-8s %-24s %-24s %s%n", "PLUGIN", "VERSION", "STATE", "CHECKS",
                    "NOTIFIERS", "WITNESSES"));
        }
        for (PluginInfo p : plugins) {
            sb.append(String.format("%-24s %-16s %-8s %-24s %-24s %s%n", p.id(), p.version(), p.state(),
                    types(p.checkTypes()), types(p.notifierTypes()), types(p.witnessTypes())));
            p.descriptions().forEach(d -> sb.append("    ").append(d).append('\n'));
            p.error().ifPresent(e -> sb.append("    error: ").append(e).append('\n'));
            p.warnings().forEach(w -> sb.append("    warning: ").append(w).append('\n'));
        }
        for (PluginProblem r : problems) {
            sb.append("not loaded: ").append(r.message()).append('\n');
        }
        return sb.toString();
    }
}
