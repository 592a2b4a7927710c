package io.keepwatch.config.model;

/**
 * The {@code global_defs} defaults of keepalived's unicast and advert keywords that have no other
 * home in {@link GlobalDefs}.
 *
 * @param checkUnicastSrc {@code vrrp_check_unicast_src}: every unicast instance hears only its
 *                        listed peers
 * @param downTimerAdverts {@code vrrp_down_timer_adverts}, 1..100: the default of each instance's
 *                         {@code down_timer_adverts}; default 3 (RFC 9568 6.1)
 */
public record AdvertGlobals(boolean checkUnicastSrc, int downTimerAdverts) {
    public static final AdvertGlobals DEFAULTS = new AdvertGlobals(false, VrrpInstanceConfig.DEFAULT_DOWN_TIMER_ADVERTS);

    public AdvertGlobals {
        if (downTimerAdverts < 1 || downTimerAdverts > 100) {
            throw new IllegalArgumentException("vrrp_down_timer_adverts must be 1..100, got " + downTimerAdverts);
        }
    }
}
