package io.keepwatch.vrrp.codec;

import java.util.List;
import java.util.Objects;

/**
 * An instance's {@code auth_hmac}, as the codec uses it: the keys it verifies with (any of them,
 * which is what lets keys rotate), the one it signs with, its mode and its anti-replay rule.
 *
 * @param keys              every configured key, distinct ids
 * @param activeKey         {@code active_key}: the id of the key adverts are signed with, one of {@code keys}
 * @param mode              {@code mode}
 * @param antiReplay        {@code anti_replay}
 * @param timeWindowSeconds {@code time_window} (1..300), or its default ({@link #defaultTimeWindow});
 *                          only {@link AntiReplay#TIME} uses it
 */
public record HmacSettings(List<HmacKey> keys, int activeKey, HmacMode mode, AntiReplay antiReplay,
                           int timeWindowSeconds) {
    /** The bounds of {@code time_window}, in seconds. */
    public static final int MIN_TIME_WINDOW = 1;
    public static final int MAX_TIME_WINDOW = 300;
    /** The least window keepalived derives from the advert interval. */
    static final int DEFAULT_TIME_WINDOW_FLOOR = 5;

    public HmacSettings {
        keys = List.copyOf(keys);
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(antiReplay, "antiReplay");
        if (keys.stream().map(HmacKey::id).distinct().count() != keys.size()) {
            throw new IllegalArgumentException("auth_hmac key ids must be distinct");
        }
        if (keys.stream().noneMatch(k -> k.id() == activeKey)) {
            throw new IllegalArgumentException("auth_hmac active_key " + activeKey + " is not a configured key");
        }
        if (timeWindowSeconds < MIN_TIME_WINDOW || timeWindowSeconds > MAX_TIME_WINDOW) {
            throw new IllegalArgumentException("auth_hmac time_window must be " + MIN_TIME_WINDOW + ".."
                    + MAX_TIME_WINDOW + " s, got " + timeWindowSeconds);
        }
    }

    /**
     * keepalived's window when {@code time_window} is not set: three advert intervals in whole
     * seconds (a fraction of a second counts as 0), at least 5 and at most 300 seconds.
     */
    public static int defaultTimeWindow(int advertIntervalCentis) {
        int seconds = 3 * (advertIntervalCentis / 100);
        return Math.clamp(seconds, DEFAULT_TIME_WINDOW_FLOOR, MAX_TIME_WINDOW);
    }

    /** The key with id {@code id}, or null. */
    public HmacKey key(int id) {
        for (HmacKey key : keys) {
            if (key.id() == id) {
                return key;
            }
        }
        return null;
    }

    /** The key adverts are signed with. */
    public HmacKey signingKey() {
        return key(activeKey);
    }

    /** Whether the freshness window applies. */
    public boolean timeBound() {
        return antiReplay == AntiReplay.TIME;
    }

    @Override
    public String toString() {
        return "HmacSettings[keys=" + keys + ", activeKey=" + activeKey + ", mode=" + mode.keyword()
                + ", antiReplay=" + antiReplay.keyword() + ", timeWindow=" + timeWindowSeconds + "s]";
    }
}
