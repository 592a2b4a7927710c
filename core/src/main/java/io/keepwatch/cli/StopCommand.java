package io.keepwatch.cli;

import io.keepwatch.control.ControlClient;
import io.keepwatch.control.ControlProtocol;
import java.io.PrintWriter;
import java.util.Optional;
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
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Optional<ControlClient.Reply> reply = control.ask(ControlProtocol.Command.STOP, err);
        if (reply.isEmpty()) {
            return ControlVerb.EXIT_NOT_RUNNING;
        }
        if (!reply.get().ok()) {
            err.println("keepwatch: " + reply.get().message());
            err.flush();
            return ControlVerb.EXIT_REFUSED;
        }
        out.println("keepwatch: " + reply.get().message());
        out.flush();
        return 0;
    }
}
