package io.keepwatch.config.model;

import java.time.Duration;
import java.util.Objects;

/**
 * When a new master announces its addresses (gratuitous ARP, RFC 5227; unsolicited neighbour
 * advertisements, RFC 4861 7.2.6), as the global {@code vrrp_garp_*} keywords and the instance's
 * {@code garp_*} overrides set it.
 *
 * @param masterDelay delay of the second burst after becoming master (0: no second burst); default 5 s
 * @param masterRepeat messages per burst; default 5
 * @param masterRefresh period of refresh bursts while master (0: none); default 0
 * @param masterRefreshRepeat messages per refresh burst; default 1
 * @param interval gap between two gratuitous ARPs (0: none); default 0
 * @param gnaInterval gap between two unsolicited neighbour advertisements (0: none); default 0
 */
public record GarpConfig(Duration masterDelay, int masterRepeat, Duration masterRefresh,
                           int masterRefreshRepeat, Duration interval, Duration gnaInterval) {
    /** keepalived's defaults. */
    public static final GarpConfig DEFAULTS = new GarpConfig(Duration.ofSeconds(5), 5, Duration.ZERO, 1,
            Duration.ZERO, Duration.ZERO);

    public GarpConfig {
        Objects.requireNonNull(masterDelay, "masterDelay");
        Objects.requireNonNull(masterRefresh, "masterRefresh");
        Objects.requireNonNull(interval, "interval");
        Objects.requireNonNull(gnaInterval, "gnaInterval");
    }
}
