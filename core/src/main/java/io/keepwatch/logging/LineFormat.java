package io.keepwatch.logging;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import org.slf4j.event.Level;

/**
 * How an event is written: {@code 2026-11-25 13:15:25.664 [INFO] InstanceRuntime - message}, a stack
 * trace on the lines after. For the journal, every line starts with the syslog priority in angle
 * brackets (sd-daemon(3): {@code <3>} error, {@code <4>} warning, {@code <6>} info, {@code <7>} debug),
 * which journald strips and stores as the entry's priority; the time stamp is left out, since the
 * journal stamps each entry itself.
 */
final class LineFormat {

    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS").withZone(ZoneId.systemDefault());

    private final boolean journal;

    LineFormat(boolean journal) {
        this.journal = journal;
    }

    /** syslog's priority for an SLF4J level (RFC 5424 6.2.1). */
    static int priority(Level level) {
        return switch (level) {
            case ERROR -> 3;
            case WARN -> 4;
            case INFO -> 6;
            case DEBUG, TRACE -> 7;
        };
    }

    /** The text to write, ending with a line break. */
    String format(Instant time, Level level, String logger, String message, Throwable thrown) {
        StringBuilder text = new StringBuilder(message.length() + 64);
        if (!journal) {
            text.append(TIME.format(time)).append(' ');
        }
        text.append('[').append(level).append("] ").append(shortName(logger)).append(" - ").append(message);
        if (thrown != null) {
            StringWriter trace = new StringWriter();
            thrown.printStackTrace(new PrintWriter(trace));
            text.append(System.lineSeparator()).append(trace.toString().stripTrailing());
        }
        if (!journal) {
            return text.append(System.lineSeparator()).toString();
        }
        // every line: journald reads the prefix of each line it receives
        String prefix = "<" + priority(level) + ">";
        StringBuilder out = new StringBuilder(text.length() + 16);
        text.toString().lines().forEach(line -> out.append(prefix).append(line).append('\n'));
        return out.toString();
    }

    private static String shortName(String logger) {
        return logger.substring(logger.lastIndexOf('.') + 1);
    }
}
