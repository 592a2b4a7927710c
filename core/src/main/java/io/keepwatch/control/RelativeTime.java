package io.keepwatch.control;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;

/**
 * Times as an operator reads them during an incident: {@code 12 s ago}, {@code 4 min 10 s ago},
 * {@code 2 h 5 min ago}, with the exact time (ISO-8601, UTC) on hover.
 */
final class RelativeTime {

    private RelativeTime() {}

    /** How long before {@code now} {@code then} was; a time ahead of {@code now} (clock step) reads "in ...". */
    static String ago(Instant then, Instant now) {
        Duration d = Duration.between(then, now);
        if (d.isNegative()) {
            return "in " + span(d.negated());
        }
        return d.toSeconds() == 0 ? "just now" : span(d) + " ago";
    }

    private static String span(Duration d) {
        long s = d.toSeconds();
        if (s < 60) {
            return s + " s";
        }
        if (s < 600) {
            return s / 60 + " min" + (s % 60 == 0 ? "" : " " + s % 60 + " s");
        }
        if (s < 3600) {
            return s / 60 + " min";
        }
        if (s < 86_400) {
            return s / 3600 + " h" + (s % 3600 / 60 == 0 ? "" : " " + s % 3600 / 60 + " min");
        }
        return s / 86_400 + " d" + (s % 86_400 / 3600 == 0 ? "" : " " + s % 86_400 / 3600 + " h");
    }

    /**
     * {@code <time>} with the relative text and the exact time in its title; {@code iso} as the status
     * holds it (text that is not a time is shown as it is).
     */
    static String html(String iso, Instant now) {
        String text;
        try {
            text = ago(Instant.parse(iso), now);
        } catch (DateTimeParseException e) {
            return StatusPage.esc(iso);
        }
        return "<time datetime=\"" + StatusPage.esc(iso) + "\" title=\"" + StatusPage.esc(iso) + "\">" + text
                + "</time>";
    }
}
