package io.keepwatch.vrrp.codec;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The sequence a signer puts in its trailers, with the clock passed in. */
class HmacSequenceTest {

    @Test
    void aClockReadingIsSecondsThenSixteenBitsOfFractionThenAZeroCounter() {
        assertThat(HmacSequence.ofClock(0x6B14_4162L, 500_000_000)).isEqualTo(0x6B14_4162_8000_0000L);
        assertThat(HmacSequence.ofClock(1, 999_999_999)).isEqualTo(0x0000_0001_FFFF_0000L);
        // only the low 32 bits of the seconds are carried (serial arithmetic copes with the wrap)
        assertThat(HmacSequence.ofClock(0x1_0000_0002L, 0)).isEqualTo(0x0000_0002_0000_0000L);
    }

    @Test
    void theClockIsUsedWhenItMovedOnElseTheCounterGrows() {
        HmacSequence s = new HmacSequence();
        long t = HmacSequence.ofClock(1_000, 0);
        assertThat(s.next(t, true, 5)).isEqualTo(t);
        assertThat(s.next(t, true, 5)).isEqualTo(t + 1);
        assertThat(s.next(t - 0x1_0000_0000L, true, 5)).as("a clock a second back").isEqualTo(t + 2);
        long later = HmacSequence.ofClock(1_001, 0);
        assertThat(s.next(later, true, 5)).isEqualTo(later);
    }

    @Test
    void aClockSetBackBeyondTheWindowRestartsTheTimeSequenceButNotTheMonotonicOne() {
        long ahead = HmacSequence.ofClock(2_000, 0);
        long back = HmacSequence.ofClock(1_000, 0);
        HmacSequence time = new HmacSequence();
        time.next(ahead, true, 5);
        assertThat(time.next(back, true, 5)).isEqualTo(back);
        HmacSequence monotonic = new HmacSequence();
        monotonic.next(ahead, false, 5);
        assertThat(monotonic.next(back, false, 5)).isEqualTo(ahead + 1);
    }

    @Test
    void sequencesCompareAcrossTheWrapOfTheSecondsField() {
        long beforeWrap = HmacSequence.ofClock(0xFFFF_FFFFL, 0);
        long afterWrap = HmacSequence.ofClock(0x1_0000_0000L, 0);
        assertThat(HmacSequence.after(afterWrap, beforeWrap)).isTrue();
        assertThat(HmacSequence.after(beforeWrap, afterWrap)).isFalse();
    }

    @Test
    void theReplayGuardKeepsOneHighWaterMarkPerSenderAndForgetsTheLeastRecentlyHeard() throws Exception {
        HmacSettings s = new HmacSettings(java.util.List.of(new HmacKey(1, new byte[32])), 1, HmacMode.ENFORCE,
                AntiReplay.MONOTONIC, 5);
        HmacReplayGuard guard = new HmacReplayGuard(s, 0);
        long seq = HmacSequence.ofClock(1_000, 0);
        java.net.InetAddress a = java.net.InetAddress.getByName("10.0.0.1");
        assertThat(guard.admit(a, seq, 1_000)).isEqualTo(HmacReplayGuard.Outcome.FRESH);
        for (int i = 2; i < 2 + HmacReplayGuard.MULTICAST_SENDERS; i++) {
            guard.admit(java.net.InetAddress.getByName("10.0.0." + i), seq, 1_000);
        }
        // a was evicted: its old sequence is new again, as in keepalived's four-slot table
        assertThat(guard.admit(a, seq, 1_000)).isEqualTo(HmacReplayGuard.Outcome.FRESH);
        assertThat(guard.admit(a, seq, 1_000)).isEqualTo(HmacReplayGuard.Outcome.REPLAYED);
    }
}
