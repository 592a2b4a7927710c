package io.keepwatch.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.keepwatch.control.ControlClient;
import io.keepwatch.control.ControlProtocol;
import io.keepwatch.control.StatusJson;
import io.keepwatch.control.StatusTable;
import java.io.PrintWriter;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "status", mixinStandardHelpOptions = true,
        description = "Show the running daemon's instances (asks it over the control socket).",
        exitCodeListHeading = "Exit codes:%n",
        exitCodeList = {"0:shown", "1:the daemon refused", "3:no daemon answers"})
final class StatusCommand implements Callable<Integer> {

    @Mixin
    ControlVerb control;

    @Option(names = "--json", description = "Print the status as JSON (what /status serves).")
    boolean json;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Optional<ControlClient.Reply> reply = control.ask(ControlProtocol.Command.STATUS, err);
        if (reply.isEmpty()) {
            return ControlVerb.EXIT_NOT_RUNNING;
        }
        if (!reply.get().ok()) {
            err.println("keepwatch: " + reply.get().message());
            err.flush();
            return ControlVerb.EXIT_REFUSED;
        }
        if (json) {
            out.print(reply.get().body());
        } else {
            try {
                out.print(StatusTable.render(StatusJson.read(reply.get().body())));
            } catch (JsonProcessingException e) {
                err.println("keepwatch: the daemon's status cannot be read: " + e.getOriginalMessage());
                err.flush();
                return ControlVerb.EXIT_REFUSED;
            }
        }
        out.flush();
        return 0;
    }
}
