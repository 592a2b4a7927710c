package io.keepwatch.cli;

import io.keepwatch.control.ControlProtocol;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

@Command(name = "stop", mixinStandardHelpOptions = true,
        description = "Stop the running daemon, as SIGTERM does: masters resign (priority 0) and release their addresses.",
        exitCodeListHeading = "Exit codes:%n",
        exitCodeList = {"0:requested", "1:the daemon refused", "3:no daemon answers"})
final class StopCommand implements Callable<Integer> {

    @Mixin
    ControlVerb control;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        return control.acknowledge(ControlProtocol.Command.STOP, spec.commandLine().getOut(),
                spec.commandLine().getErr());
    }
}
