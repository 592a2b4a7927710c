package io.keepwatch.vrrp;

/**
 * The protocol timers, in microseconds, computed with keepalived's integer arithmetic so that both
 * daemons agree to the microsecond.
 *
 * <ul>
 *   <li>VRRPv2 (RFC 3768 section 6.1): Skew_Time = (256 - Priority) / 256 seconds.</li>
 *   <li>VRRPv3 (RFC 5798 section 6.1): Skew_Time = ((256 - Priority) * Master_Adver_Interval) / 256,
 *       with the interval in centiseconds.</li>
 *   <li>Master_Down_Interval = down_timer_adverts * Master_Adver_Interval + Skew_Time (the RFC fixes
 *       down_timer_adverts at 3; keepalived makes it configurable).</li>
 * </ul>
 */
public final class VrrpTimers {

    private VrrpTimers() {
    }

    /** Skew_Time in microseconds for a priority (1..255) and the Master_Adver_Interval in microseconds. */
    public static long skewMicros(VrrpVersion version, int priority, long masterAdvertIntervalMicros) {
        return skewUnitsMicros(version, 256 - priority, masterAdvertIntervalMicros);
    }

    /** The smallest skew (one priority step): keepalived's start-up grace for {@code state MASTER}. */
    public static long minimumSkewMicros(VrrpVersion version, long masterAdvertIntervalMicros) {
        return skewUnitsMicros(version, 1, masterAdvertIntervalMicros);
    }

    /** Master_Down_Interval in microseconds. */
    public static long masterDownMicros(VrrpVersion version, int downTimerAdverts, int priority,
                                        long masterAdvertIntervalMicros) {
        return downTimerAdverts * masterAdvertIntervalMicros
                + skewMicros(version, priority, masterAdvertIntervalMicros);
    }

    private static long skewUnitsMicros(VrrpVersion version, int units, long masterAdvertIntervalMicros) {
        return switch (version) {
            // 625 / 16 == 10_000 us per centisecond / 256
            case V3 -> units * (masterAdvertIntervalMicros / 10_000) * 625 / 16;
            case V2 -> units * 1_000_000L / 256;
        };
    }
}
