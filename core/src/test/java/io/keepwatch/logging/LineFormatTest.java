package io.keepwatch.logging;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Optional;
import java.util.TimeZone;
import org.junit.jupiter.api.Test;
import org.slf4j.event.Level;

class LineFormatTest {

    private static final Instant T = Instant.parse("2026-11-25T13:15:25.664Z");

    @Test
    void onATerminalOrAFileALineHasItsTimeAndLevel() {
        String line = new LineFormat(false).format(T, Level.WARN, "io.keepwatch.runtime.Daemon", "careful", null);
        assertThat(line).matches("\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:25\\.664 \\[WARN] Daemon - careful\\R");
    }

    @Test
    void theTimeIsTheLocalTimeOfTheZoneAcrossDaylightSavingChanges() {
        for (String zone : new String[] {"Europe/Berlin", "America/St_Johns", "Australia/Lord_Howe", "UTC"}) {
            DateTimeFormatter expected = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS").withZone(ZoneId.of(zone));
            // around the 2026 changes in both hemispheres, every 7 minutes 13.999 s, and the first instants of years
            Instant[] starts = {Instant.parse("2026-03-29T00:00:00Z"), Instant.parse("2026-10-25T00:00:00Z"),
                    Instant.parse("2026-04-04T12:00:00Z"), Instant.parse("2026-11-01T00:00:00Z")};
            for (Instant start : starts) {
                for (int i = 0; i < 60; i++) {
                    Instant t = start.plusMillis(i * 433_999L);
                    assertThat(LineFormat.appendTime(new StringBuilder(), t, TimeZone.getTimeZone(zone)).toString())
                            .as(zone + " " + t).isEqualTo(expected.format(t));
                }
            }
            Instant newYear = Instant.parse("2027-01-01T00:00:00.007Z");
            assertThat(LineFormat.appendTime(new StringBuilder(), newYear, TimeZone.getTimeZone(zone)).toString())
                    .isEqualTo(expected.format(newYear));
        }
    }

    @Test
    void forTheJournalEveryLineStartsWithItsPriority() {
        LineFormat journal = new LineFormat(true);
        assertThat(journal.format(T, Level.ERROR, "a.B", "broken", null)).isEqualTo("<3>[ERROR] B - broken\n");
        assertThat(journal.format(T, Level.WARN, "a.B", "odd", null)).isEqualTo("<4>[WARN] B - odd\n");
        assertThat(journal.format(T, Level.INFO, "a.B", "fine", null)).isEqualTo("<6>[INFO] B - fine\n");
        assertThat(journal.format(T, Level.DEBUG, "a.B", "detail", null)).isEqualTo("<7>[DEBUG] B - detail\n");
        // a stack trace's lines too: journald takes each line as an entry of its own
        String trace = journal.format(T, Level.ERROR, "a.B", "failed", new IllegalStateException("boom"));
        assertThat(trace.lines()).hasSizeGreaterThan(2)
                .allSatisfy(l -> assertThat(l).startsWith("<3>"))
                .contains("<3>java.lang.IllegalStateException: boom");
        assertThat(journal.format(T, Level.INFO, "a.B", "two\nlines", null)).isEqualTo("<6>[INFO] B - two\n<6>lines\n");
    }

    @Test
    void theJournalIsOnlyWhereJournalStreamNamesStandardError() {
        assertThat(JournalStream.matches("2049:1234", Optional.of("2049:1234"))).isTrue();
        assertThat(JournalStream.matches(null, Optional.of("2049:1234"))).isFalse();
        assertThat(JournalStream.matches("", Optional.of("2049:1234"))).isFalse();
        // inherited by a child whose output goes elsewhere
        assertThat(JournalStream.matches("2049:1234", Optional.of("2049:99"))).isFalse();
        assertThat(JournalStream.matches("2049:1234", Optional.empty())).isFalse();
        assertThat(JournalStream.standardError()).hasValueSatisfying(v -> assertThat(v).matches("\\d+:\\d+"));
    }
}
