package io.keepwatch.script;

import io.keepwatch.plugin.api.Script;
import io.keepwatch.plugin.api.ScriptOutcome;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A script that passed {@link ScriptPolicy}: the resolved program with its arguments, and the user
 * it runs as. It starts under {@code setsid} (a process group of its own) and, when its user is
 * not keepwatch's, under {@code setpriv --reuid --regid --groups} (util-linux), which changes the
 * user the way keepalived does before exec: user id, group id, and that group as the only
 * supplementary group. The environment is keepwatch's, as under keepalived.
 *
 * @param argv the resolved program and its arguments
 * @param runAs the user it runs as
 * @param changeUser whether {@code runAs} differs from keepwatch's own user
 * @param killGrace time between SIGTERM and SIGKILL when a run overstays its timeout
 */
public record PreparedScript(List<String> argv, RunAs runAs, boolean changeUser, Duration killGrace)
        implements Script {

    public PreparedScript {
        argv = List.copyOf(argv);
        Objects.requireNonNull(runAs, "runAs");
        Objects.requireNonNull(killGrace, "killGrace");
        if (argv.isEmpty()) {
            throw new IllegalArgumentException("empty script command");
        }
    }

    /** The same script with {@code extra} arguments after its own (a {@code notify} script's). */
    public PreparedScript withArguments(List<String> extra) {
        List<String> all = new ArrayList<>(argv);
        all.addAll(extra);
        return new PreparedScript(all, runAs, changeUser, killGrace);
    }

    @Override
    public List<String> command() {
        List<String> command = new ArrayList<>();
        command.add(Tools.SETSID);
        if (changeUser) {
            command.addAll(List.of(Tools.SETPRIV, "--reuid=" + runAs.uid(), "--regid=" + runAs.gid(),
                    "--groups=" + runAs.gid(), "--"));
        }
        command.addAll(argv);
        return List.copyOf(command);
    }

    @Override
    public ScriptOutcome run(Duration timeout) throws IOException, InterruptedException {
        return ProcessGroup.run(command(), timeout, killGrace);
    }

    /** Starts the script and returns at once; it runs until it ends or is terminated. */
    public RunningScript start() throws IOException {
        return new RunningScript(ProcessGroup.start(command()), killGrace);
    }

    @Override
    public String toString() {
        return String.join(" ", argv) + " as " + runAs;
    }
}
