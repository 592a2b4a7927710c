package io.keepwatch.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

/** The reload_time_file line, as keepalived's reload_monitor.c reads it. */
class ReloadTimeTest {

    private static final Instant NOW = Instant.parse("2026-03-28T12:00:00Z");
    private static final ZoneId PARIS = ZoneId.of("Europe/Paris");

    private static ReloadTime parse(String line) {
        return ReloadTime.parse(line, NOW, PARIS);
    }

    @Test
    void aTimeOfDayIsTodayOrTomorrow() {
        assertThat(parse("14:30:00")).isEqualTo(new ReloadTime.At(Instant.parse("2026-03-28T13:30:00Z"), false));
        // 11:00 Paris has passed (it is 13:00 there): tomorrow, which is summer time already
        assertThat(parse("11:00:00")).isEqualTo(new ReloadTime.At(Instant.parse("2026-03-29T09:00:00Z"), false));
        assertThat(parse("12:00:00Z")).isEqualTo(new ReloadTime.At(Instant.parse("2026-03-29T12:00:00Z"), false));
        assertThat(parse("12:00:01Z")).isEqualTo(new ReloadTime.At(Instant.parse("2026-03-28T12:00:01Z"), false));
    }

    @Test
    void datesWithTwoOrFourDigitYears() {
        assertThat(parse("2026-04-01 08:00:00Z")).isEqualTo(new ReloadTime.At(Instant.parse("2026-04-01T08:00:00Z"), true));
        assertThat(parse("26-04-01 10:00:00")).isEqualTo(new ReloadTime.At(Instant.parse("2026-04-01T08:00:00Z"), true));
    }

    @Test
    void aDateThatHasPassedIsIgnored() {
        assertThat(parse("2026-03-28 11:59:59Z")).isEqualTo(
                new ReloadTime.Refused("Reload time 2026-03-28 11:59:59Z is in the past - ignoring"));
    }

    @Test
    void anythingElseIsRefused() {
        assertThat(parse(" 14:30:00")).isInstanceOf(ReloadTime.Refused.class);
        assertThat(parse("14:30")).isEqualTo(new ReloadTime.Refused("Reload time 14:30 format is incorrect - ignoring"));
        assertThat(parse("25:00:00")).isEqualTo(new ReloadTime.Refused("Reload date/time 25:00:00 invalid - ignoring"));
        assertThat(parse("2026-02-30 10:00:00")).isInstanceOf(ReloadTime.Refused.class);
        assertThat(parse("2026-04-01T08:00:00")).isInstanceOf(ReloadTime.Refused.class);
        // 02:30 on the night summer time starts does not exist in Paris
        assertThat(parse("2026-03-29 02:30:00")).isEqualTo(
                new ReloadTime.Refused("Reload time 2026-03-29 02:30:00 is not valid - ignoring"));
        assertThat(ReloadTime.parse("2026-03-29 02:30:00", NOW, ZoneOffset.UTC)).isInstanceOf(ReloadTime.At.class);
    }
}
