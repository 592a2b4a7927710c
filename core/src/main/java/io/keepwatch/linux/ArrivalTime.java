package io.keepwatch.linux;

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

    /** Longer than any datagram waits in a socket that is being read; shorter than a clock step worth noticing. */
    static final long MAX_AGE_NANOS = 1_000_000_000L;

    private ArrivalTime() {}

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
