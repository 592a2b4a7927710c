package io.keepwatch.linux;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ArrivalTimeTest {
    private static final long REALTIME_NOW = 1_764_000_000_000_000_000L;
    private static final long MONOTONIC_NOW = 5_000_000_000L;

    @Test
    void aStampedDatagramIsReceivedItsAgeBeforeTheRead() {
        long stamp = REALTIME_NOW - 730_000; // the reader woke 0.73 ms after the kernel took it

        assertThat(ArrivalTime.received(stamp, REALTIME_NOW, MONOTONIC_NOW)).isEqualTo(MONOTONIC_NOW - 730_000);
    }

    @Test
    void withoutAStampTheReadIsTheReceipt() {
        assertThat(ArrivalTime.received(-1, REALTIME_NOW, MONOTONIC_NOW)).isEqualTo(MONOTONIC_NOW);
    }

    @Test
    void aStampFromTheFutureIsAClockStepBackAndIgnored() {
        assertThat(ArrivalTime.received(REALTIME_NOW + 2_000_000, REALTIME_NOW, MONOTONIC_NOW)).isEqualTo(MONOTONIC_NOW);
    }

    @Test
    void anAgeBeyondTheLimitIsAClockStepForwardAndIgnored() {
        long stamp = REALTIME_NOW - ArrivalTime.MAX_AGE_NANOS - 1;

        assertThat(ArrivalTime.received(stamp, REALTIME_NOW, MONOTONIC_NOW)).isEqualTo(MONOTONIC_NOW);
        assertThat(ArrivalTime.received(stamp + 1, REALTIME_NOW, MONOTONIC_NOW))
                .isEqualTo(MONOTONIC_NOW - ArrivalTime.MAX_AGE_NANOS);
    }
}
