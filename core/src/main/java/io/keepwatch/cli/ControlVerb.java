package io.keepwatch.cli;

import io.keepwatch.control.ControlClient;
import io.keepwatch.control.ControlProtocol;
import io.keepwatch.control.ControlServer;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.AccessDeniedException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.function.ToIntFunction;
import picocli.CommandLine.Option;

/** {@code --control-socket}, and asking the daemon through it, shared by status, reload and stop. */
final class ControlVerb {

    /** No daemon answered (keepalived's exit code for "not running" does not exist; LSB uses 3). */
    static final int EXIT_NOT_RUNNING = 3;
    static final int EXIT_REFUSED = 1;

    @Option(names = "--control-socket", paramLabel = "PATH",
            description = "The daemon's control socket (default: ${DEFAULT-VALUE}).")
    Path socket = ControlServer.DEFAULT_SOCKET;

    /**
     * Sends {@code command} and hands an {@code ok} reply to {@code onOk}; a daemon that does not
     * answer, or refuses, is reported on {@code err} with the verb's exit code.
     */
    int exchange(ControlProtocol.Command command, PrintWriter err, ToIntFunction<ControlClient.Reply> onOk) {
        Optional<ControlClient.Reply> reply = ask(command, err);
        if (reply.isEmpty()) {
            return EXIT_NOT_RUNNING;
        }
        if (!reply.get().ok()) {
            err.println("keepwatch: " + reply.get().message());
            reply.get().body().lines().forEach(err::println);
            err.flush();
            return EXIT_REFUSED;
        }
        return onOk.applyAsInt(reply.get());
    }

    /** A verb that only needs the daemon's word: prints it and exits 0. */
    int acknowledge(ControlProtocol.Command command, PrintWriter out, PrintWriter err) {
        return exchange(command, err, reply -> {
            out.println("keepwatch: " + reply.message());
            out.flush();
            return 0;
        });
    }

    /** The reply, or empty after printing why there is none. */
    Optional<ControlClient.Reply> ask(ControlProtocol.Command command, PrintWriter err) {
        try {
            return Optional.of(ControlClient.send(socket, command));
        } catch (AccessDeniedException e) {
            err.println("keepwatch: " + socket + ": permission denied (the control socket is root's)");
        } catch (IOException e) {
            err.println("keepwatch: no daemon answers on " + socket + ": " + e.getMessage());
        }
        err.flush();
        return Optional.empty();
    }
}
