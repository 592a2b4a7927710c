package io.keepwatch.vrrp;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * Gratuitous ARP / unsolicited NA settings of an instance (keepalived's garp_master_* keywords).
 *
 * @param masterDelay         garp_master_delay: delay of the second burst after becoming MASTER;
 *                            zero disables the second burst (default 5 s)
 * @param masterRepeat        garp_master_repeat: messages per burst (default 5)
 * @param masterRefresh       garp_master_refresh: period of refresh bursts while MASTER; zero disables
 *                            (default)
 * @param masterRefreshRepeat garp_master_refresh_repeat: messages per refresh burst (default 1)
 * @param lowerPrioDelay      garp_lower_prio_delay: after a MASTER hears a lower priority advert,
 *                            the delay of a second burst; zero disables it
 * @param lowerPrioRepeat     garp_lower_prio_repeat: messages per burst after a MASTER hears a lower
 *                            priority advert; zero sends none (keepalived's default is the master
 *                            repeat and delay; the runtime passes them)
 * @param extraIfInterval     garp_extra_if: while MASTER, one message for each of {@code extraIfVips}
 *                            this often (zero: never)
 * @param extraIfVips         one address on each interface other than the instance's that its
 *                            addresses use (keepalived refreshes the switches' MAC caches there)
 */
public record GarpSettings(Duration masterDelay, int masterRepeat, Duration masterRefresh, int masterRefreshRepeat,
                           Duration lowerPrioDelay, int lowerPrioRepeat, Duration extraIfInterval,
                           List<VirtualAddress> extraIfVips) {

    /** keepalived's master defaults, without announcements on lower priority adverts. */
    public static final GarpSettings DEFAULTS = new GarpSettings(Duration.ofSeconds(5), 5, Duration.ZERO, 1);

    /** Settings that announce nothing when a lower priority advert arrives, nor on other interfaces. */
    public GarpSettings(Duration masterDelay, int masterRepeat, Duration masterRefresh, int masterRefreshRepeat) {
        this(masterDelay, masterRepeat, masterRefresh, masterRefreshRepeat, Duration.ZERO, 0);
    }

    /** Settings without announcements on other interfaces. */
    public GarpSettings(Duration masterDelay, int masterRepeat, Duration masterRefresh, int masterRefreshRepeat,
                        Duration lowerPrioDelay, int lowerPrioRepeat) {
        this(masterDelay, masterRepeat, masterRefresh, masterRefreshRepeat, lowerPrioDelay, lowerPrioRepeat,
                Duration.ZERO, List.of());
    }

    public GarpSettings {
        Objects.requireNonNull(masterDelay, "masterDelay");
        Objects.requireNonNull(masterRefresh, "masterRefresh");
        Objects.requireNonNull(lowerPrioDelay, "lowerPrioDelay");
        Objects.requireNonNull(extraIfInterval, "extraIfInterval");
        extraIfVips = List.copyOf(extraIfVips);
        if (extraIfInterval.isNegative()) {
            throw new IllegalArgumentException("garp_extra_if must not be negative: " + extraIfInterval);
        }
        if (lowerPrioRepeat < 0 || lowerPrioDelay.isNegative()) {
            throw new IllegalArgumentException("garp_lower_prio_repeat and _delay must not be negative: repeat="
                    + lowerPrioRepeat + " delay=" + lowerPrioDelay);
        }
        if (masterDelay.isNegative() || masterRefresh.isNegative()) {
            throw new IllegalArgumentException(
                    "garp delays must not be negative: masterDelay=" + masterDelay + " masterRefresh=" + masterRefresh);
        }
        if (masterRepeat < 1 || masterRefreshRepeat < 1) {
            throw new IllegalArgumentException("garp repeats must be at least 1: masterRepeat=" + masterRepeat
                    + " masterRefreshRepeat=" + masterRefreshRepeat);
        }
    }
}
