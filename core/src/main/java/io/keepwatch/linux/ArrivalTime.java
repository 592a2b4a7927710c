package io.keepwatch.linux;

import java.time.Instant;

/**
 * When the kernel received a datagram, on {@link System#nanoTime()}'s scale. The kernel stamps
 * each datagram as it arrives (SO_TIMESTAMPNS), before any thread of ours wakes up for it; a
 * backup that starts its Master_Down_Timer or Skew_Time from that stamp, rather than from when its
 * reader got round to the datagram, starts it on receipt as RFC 5798 section 6.4.2 says.
 *
 * <p>The stamp is on CLOCK_REALTIME, which can be stepped (NTP, an operator's date). The stamp's
 * age is therefore read against CLOCK_REALTIME right after the receive and taken off the monotonic
 * time read with it; an age below zero or above {@link #MAX_AGE_NANOS} is a step, not a wait, and
 * the datagram then counts as received when it was read.
 */
final class ArrivalTime {

    /** The two clocks; {@link #SYSTEM} in the daemon. */
    interface Clocks {
        Clocks SYSTEM = new Clocks() {
            @Override
            public long monotonicNanos() {
                return System.nanoTime();
            }

            @Override
            public long realtimeNanos() {
                Instant now = Instant.now();
                return now.getEpochSecond() * 1_000_000_000L + now.getNano();
            }
        };

        /** {@link System#nanoTime()}. */
        long monotonicNanos();

        /** CLOCK_REALTIME in nanoseconds since the epoch. */
        long realtimeNanos();
    }

    /** How often the clock pair is read at most, and the gap between its monotonic reads that is tight enough. */
    static final int CLOCK_PAIR_TRIES = 4;
    static final long CLOCK_PAIR_GAP_NANOS = 2_000;

    /** Longer than any datagram waits in a socket that is being read; shorter than a clock step worth noticing. */
    static final long MAX_AGE_NANOS = 1_000_000_000L;

    private ArrivalTime() {}

    /**
     * {@link #received(long, long, long)} with both clocks read now, as one pair: a preemption between
     * the two reads would shift the datagram's age by its length, so the realtime read is bracketed
     * by two monotonic ones and a pair with a wide gap is read again (the tightest of a few is used).
     */
    static long received(long kernelStampNanos, Clocks clocks) {
        long monotonicNow = 0;
        long realtimeNow = 0;
        long widest = Long.MAX_VALUE;
        for (int tries = 0; tries < CLOCK_PAIR_TRIES && widest > CLOCK_PAIR_GAP_NANOS; tries++) {
            long before = clocks.monotonicNanos();
            long realtime = clocks.realtimeNanos();
            long gap = clocks.monotonicNanos() - before;
            if (gap < widest) {
                widest = gap;
                monotonicNow = before + gap / 2;
                realtimeNow = realtime;
            }
        }
        return received(kernelStampNanos, realtimeNow, monotonicNow);
    }

    /**
     * @param kernelStampNanos the kernel's stamp in nanoseconds since the epoch, or a negative value
     *                         when the datagram came without one
     * @param realtimeNowNanos CLOCK_REALTIME in nanoseconds since the epoch, read after the receive
     * @param monotonicNowNanos {@link System#nanoTime()}, read with it
     */
    static long received(long kernelStampNanos, long realtimeNowNanos, long monotonicNowNanos) {
        if (kernelStampNanos < 0) {
            return monotonicNowNanos;
        }
        long age = realtimeNowNanos - kernelStampNanos;
        return age >= 0 && age <= MAX_AGE_NANOS ? monotonicNowNanos - age : monotonicNowNanos;
    }
}
