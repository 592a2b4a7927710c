package io.keepwatch.control;

import java.util.Locale;
import java.util.Optional;

/**
 * The control socket's line protocol. The client sends one command line ({@code status},
 * {@code reload} or {@code stop}, then LF); the daemon answers {@code ok} or {@code error MESSAGE} on
 * the first line, then a body ({@code status}: the JSON status), and closes.
 */
public final class ControlProtocol {

    /** What can be asked. */
    public enum Command { STATUS, RELOAD, STOP }

    /** A command line longer than this is refused without reading on. */
    static final int MAX_LINE = 64;

    public static final String OK = "ok";
    public static final String ERROR = "error";

    private ControlProtocol() {}

    static Optional<Command> parse(String line) {
        String word = line.strip().toLowerCase(Locale.ROOT);
        for (Command c : Command.values()) {
            if (c.name().toLowerCase(Locale.ROOT).equals(word)) {
                return Optional.of(c);
            }
        }
        return Optional.empty();
    }

    static String line(Command command) {
        return command.name().toLowerCase(Locale.ROOT) + "\n";
    }
}
