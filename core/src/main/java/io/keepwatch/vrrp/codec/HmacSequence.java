package io.keepwatch.vrrp.codec;

/**
 * The 64-bit sequence a signing instance puts in each trailer, as keepalived 2.4.3 makes it: the
 * realtime clock (seconds in the high 32 bits, the fraction of the second in 1/65536 s in the next
 * 16, a zero counter in the low 16), or the last sequence plus one when the clock has not moved
 * past it. Sequences compare with serial number arithmetic (RFC 1982) so that they survive the
 * wrap of the seconds field. Both {@code anti_replay} settings make it the same way; only receivers
 * differ. Pure: the caller reads the clock.
 */
public final class HmacSequence {
    private long last;

    /** The sequence the realtime clock gives at {@code epochSeconds} and {@code nanos} into that second. */
    public static long ofClock(long epochSeconds, int nanos) {
        long fraction = ((long) nanos << 16) / 1_000_000_000L;
        return ((epochSeconds & 0xFFFF_FFFFL) << 32) | (fraction << 16);
    }

    /** Whether sequence {@code a} comes after {@code b} (RFC 1982 over 64 bits). */
    public static boolean after(long a, long b) {
        return a - b > 0;
    }

    /** The seconds field of {@code sequence}. */
    static int seconds(long sequence) {
        return (int) (sequence >>> 32);
    }

    /**
     * The sequence of the next advert, the clock reading {@code clock} ({@link #ofClock}). With a
     * freshness window ({@code timeBound}), a sequence run ahead of the clock by more than the
     * window (the clock was set back) restarts from the clock, since receivers would refuse it;
     * without one, the sequence only ever grows.
     */
    public long next(long clock, boolean timeBound, int timeWindowSeconds) {
        if (after(clock, last)) {
            last = clock;
        } else if (timeBound && seconds(last) - seconds(clock) > timeWindowSeconds) {
            last = clock;
        } else {
            last++;
        }
        return last;
    }

    /** The last sequence given, 0 before the first. */
    public long last() {
        return last;
    }
}
