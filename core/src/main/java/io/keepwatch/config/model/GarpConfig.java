package io.keepwatch.config.model;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

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
 * @param lowerPrioDelay {@code garp_lower_prio_delay}: after a MASTER hears a lower priority advert,
 *                       delay of its second burst (0: none); default the master delay (0 in strict mode)
 * @param lowerPrioRepeat {@code garp_lower_prio_repeat}: messages per burst after a MASTER hears a lower
 *                        priority advert (0: none); default the master repeat (0 in strict mode)
 * @param extraIf {@code garp_extra_if [all] SECONDS}: periodic announcements on the interfaces of
 *                addresses that are not on the instance's interface
 */
public record GarpConfig(Duration masterDelay, int masterRepeat, Duration masterRefresh,
                         int masterRefreshRepeat, Duration interval, Duration gnaInterval,
                         Duration lowerPrioDelay, int lowerPrioRepeat, Optional<GarpExtraIf> extraIf) {
    /** keepalived's defaults. */
    public static final GarpConfig DEFAULTS = new GarpConfig(Duration.ofSeconds(5), 5, Duration.ZERO, 1,
            Duration.ZERO, Duration.ZERO, Duration.ofSeconds(5), 5, Optional.empty());

    public GarpConfig {
        Objects.requireNonNull(masterDelay, "masterDelay");
        Objects.requireNonNull(masterRefresh, "masterRefresh");
        Objects.requireNonNull(interval, "interval");
        Objects.requireNonNull(gnaInterval, "gnaInterval");
        Objects.requireNonNull(lowerPrioDelay, "lowerPrioDelay");
        Objects.requireNonNull(extraIf, "extraIf");
        if (lowerPrioRepeat < 0) {
            throw new IllegalArgumentException("garp_lower_prio_repeat must not be negative, got " + lowerPrioRepeat);
        }
    }

    /**
     * {@code garp_extra_if [all] SECONDS}: keepalived refreshes, every {@code interval}, the
     * announcements of addresses on VMAC interfaces, or with {@code all} on every interface the
     * instance's addresses use besides its own.
     */
    public record GarpExtraIf(Duration interval, boolean all) {
        public GarpExtraIf {
            Objects.requireNonNull(interval, "interval");
        }
    }
}
