package io.keepwatch.logging;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.TimeZone;
import org.slf4j.event.Level;

/**
 * How an event is written: {@code 2026-11-25 13:15:25.664 [INFO] InstanceRuntime - message}, a stack
 * trace on the lines after. For the journal, every line starts with the syslog priority in angle
 * brackets (sd-daemon(3): {@code <3>} error, {@code <4>} warning, {@code <6>} info, {@code <7>} debug),
 * which journald strips and stores as the entry's priority; the time stamp is left out, since the
 * journal stamps each entry itself.
 */
final class LineFormat {

    /**
     * The host's time zone, read once. Its offset at each instant comes from TimeZone, not from a
     * java.time ZoneId: the first use of a region's ZoneRules looks for zone-rule providers in every
     * jar of the class path, on the main thread, before the first advert.
     */
    private static final TimeZone ZONE = TimeZone.getDefault();

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
            appendTime(text, time, ZONE).append(' ');
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

    /** {@code yyyy-MM-dd HH:mm:ss.SSS}, the local time of {@code time} in {@code zone}. */
    static StringBuilder appendTime(StringBuilder text, Instant time, TimeZone zone) {
        ZoneOffset offset = ZoneOffset.ofTotalSeconds(zone.getOffset(time.toEpochMilli()) / 1000);
        LocalDateTime local = LocalDateTime.ofEpochSecond(time.getEpochSecond(), time.getNano(), offset);
        pad(text, local.getYear(), 4).append('-');
        pad(text, local.getMonthValue(), 2).append('-');
        pad(text, local.getDayOfMonth(), 2).append(' ');
        pad(text, local.getHour(), 2).append(':');
        pad(text, local.getMinute(), 2).append(':');
        pad(text, local.getSecond(), 2).append('.');
        return pad(text, local.getNano() / 1_000_000, 3);
    }

    private static StringBuilder pad(StringBuilder text, int value, int digits) {
        for (int limit = 10, i = 1; i < digits; i++, limit *= 10) {
            if (value < limit) {
                text.append('0');
            }
        }
        return text.append(value);
    }

    private static String shortName(String logger) {
        return logger.substring(logger.lastIndexOf('.') + 1);
    }
}
