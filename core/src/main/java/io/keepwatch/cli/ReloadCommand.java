package io.keepwatch.cli;

import io.keepwatch.control.ControlProtocol;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

@Command(name = "reload", mixinStandardHelpOptions = true,
        description = "Reload the running daemon's configuration, as SIGHUP does.",
        exitCodeListHeading = "Exit codes:%n",
        exitCodeList = {"0:requested", "1:the daemon refused", "3:no daemon answers"})
final class ReloadCommand implements Callable<Integer> {

    @Mixin
    ControlVerb control;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        return control.acknowledge(ControlProtocol.Command.RELOAD, spec.commandLine().getOut(),
                spec.commandLine().getErr());
    }
}
