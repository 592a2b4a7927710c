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

    @Test
    void aClockPairSplitByAPreemptionIsReadAgain() {
        // first pair: 3 ms pass between the realtime read and the second monotonic read
        FakeClocks clocks = new FakeClocks(new long[] {MONOTONIC_NOW, MONOTONIC_NOW + 3_000_000, MONOTONIC_NOW + 3_000_100,
                MONOTONIC_NOW + 3_000_300}, new long[] {REALTIME_NOW, REALTIME_NOW + 3_000_200});
        long stamp = REALTIME_NOW - 730_000;

        // the second, tight pair: realtime read at MONOTONIC_NOW + 3_000_200
        assertThat(ArrivalTime.received(stamp, clocks)).isEqualTo(MONOTONIC_NOW + 3_000_200 - 3_000_200 - 730_000);
        assertThat(clocks.reads).isEqualTo(6);
    }

    @Test
    void theTightestOfTheTriesIsUsedWhenNoneIsTight() {
        long[] monotonic = new long[2 * ArrivalTime.CLOCK_PAIR_TRIES];
        long[] realtime = new long[ArrivalTime.CLOCK_PAIR_TRIES];
        long[] gaps = {50_000, 10_000, 30_000, 20_000};
        long t = MONOTONIC_NOW;
        for (int i = 0; i < ArrivalTime.CLOCK_PAIR_TRIES; i++) {
            monotonic[2 * i] = t;
            monotonic[2 * i + 1] = t + gaps[i];
            realtime[i] = REALTIME_NOW + (t - MONOTONIC_NOW) + gaps[i] / 2 + 7 * i; // each pair off by its own error
            t += 1_000_000;
        }
        FakeClocks clocks = new FakeClocks(monotonic, realtime);

        // the pair with the 10 us gap (the second), its realtime read taken to be at its middle
        assertThat(ArrivalTime.received(REALTIME_NOW, clocks)).isEqualTo(MONOTONIC_NOW - 7);
        assertThat(clocks.reads).isEqualTo(3 * ArrivalTime.CLOCK_PAIR_TRIES);
    }

    /** Clocks that return given readings in turn. */
    private static final class FakeClocks implements ArrivalTime.Clocks {
        private final long[] monotonic;
        private final long[] realtime;
        private int nextMonotonic;
        private int nextRealtime;
        int reads;

        FakeClocks(long[] monotonic, long[] realtime) {
            this.monotonic = monotonic;
            this.realtime = realtime;
        }

        @Override
        public long monotonicNanos() {
            reads++;
            return monotonic[nextMonotonic++];
        }

        @Override
        public long realtimeNanos() {
            reads++;
            return realtime[nextRealtime++];
        }
    }
}
