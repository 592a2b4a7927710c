package io.keepwatch.runtime;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.time.temporal.ChronoField;

/**
 * The first line of a {@code reload_time_file}, read as keepalived reads it (reload_monitor.c):
 * exactly {@code HH:MM:SS}, {@code YY-MM-DD HH:MM:SS} or {@code YYYY-MM-DD HH:MM:SS}, in local time,
 * or in UTC with a {@code Z} at the end; no other blank. A time of day that has passed means the
 * same time tomorrow; a date and time that has passed is refused. A local time that does not exist
 * (skipped by a daylight saving change) is refused.
 */
sealed interface ReloadTime {

    /** A reload at {@code at}; {@code dateGiven} when the line has a date (the file then goes after it). */
    record At(Instant at, boolean dateGiven) implements ReloadTime {}

    /** Not a time keepalived would schedule, with its reason. */
    record Refused(String reason) implements ReloadTime {}

    DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss").withResolverStyle(ResolverStyle.STRICT);
    DateTimeFormatter SHORT_DATE = new DateTimeFormatterBuilder()
            .appendValueReduced(ChronoField.YEAR, 2, 2, 1969).appendPattern("-MM-dd HH:mm:ss")
            .toFormatter().withResolverStyle(ResolverStyle.STRICT);
    DateTimeFormatter LONG_DATE = new DateTimeFormatterBuilder()
            .appendValue(ChronoField.YEAR, 4).appendPattern("-MM-dd HH:mm:ss")
            .toFormatter().withResolverStyle(ResolverStyle.STRICT);

    /** Reads {@code line} (without its newline) at {@code now}, in {@code zone} unless it ends in Z. */
    static ReloadTime parse(String line, Instant now, ZoneId zone) {
        boolean utc = line.endsWith("Z");
        String text = utc ? line.substring(0, line.length() - 1) : line;
        ZoneId in = utc ? ZoneOffset.UTC : zone;
        if (text.length() != 8 && text.length() != 17 && text.length() != 19) {
            return new Refused("Reload time " + line + " format is incorrect - ignoring");
        }
        LocalDateTime local;
        try {
            if (text.length() == 8) {
                LocalDate today = LocalDate.ofInstant(now, in);
                local = LocalDateTime.of(today, LocalTime.parse(text, TIME));
            } else {
                local = LocalDateTime.parse(text, text.length() == 17 ? SHORT_DATE : LONG_DATE);
            }
        } catch (DateTimeParseException e) {
            return new Refused("Reload date/time " + line + " invalid - ignoring");
        }
        ZonedDateTime at = at(local, in);
        if (at == null) {
            return new Refused("Reload time " + line + " is not valid - ignoring");
        }
        if (!at.toInstant().isAfter(now)) {
            if (text.length() != 8) {
                return new Refused("Reload time " + line + " is in the past - ignoring");
            }
            at = at(local.plusDays(1), in);
            if (at == null) {
                return new Refused("Reload time " + line + " is not valid - ignoring");
            }
        }
        return new At(at.toInstant(), text.length() != 8);
    }

    /** {@code local} in {@code zone}, or null when that wall time does not exist there. */
    private static ZonedDateTime at(LocalDateTime local, ZoneId zone) {
        try {
            ZonedDateTime z = local.atZone(zone);
            return z.toLocalDateTime().equals(local) ? z : null;
        } catch (DateTimeException e) {
            return null;
        }
    }
}
