package io.keepwatch.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code keepwatch run}: the daemon. Not built yet: says so and fails. */
@Command(name = "run", mixinStandardHelpOptions = true, description = "Run the VRRP daemon.")
final class RunCommand implements Callable<Integer> {
    @Mixin
    ConfigFileOption config;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().getErr().println("keepwatch: the daemon is not built yet (" + config.resolve() + " not read)");
        return 1;
    }
}
