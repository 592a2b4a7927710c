package io.keepwatch.vrrp.codec;

/**
 * keepalived's {@code auth_hmac} {@code mode}: how far an instance has moved to signed adverts.
 * The two migration modes let a group be switched one host at a time without a host ever dropping
 * a peer's adverts (keepalived 2.4's rollout: receive-only everywhere, then permissive, then enforce).
 */
public enum HmacMode {
    /** Sends adverts without a trailer; verifies a trailer when one comes, accepts adverts without. */
    RECEIVE_ONLY("receive-only"),
    /** Signs its adverts; still accepts adverts without a trailer. */
    PERMISSIVE("permissive"),
    /** Signs its adverts and rejects any advert without a valid trailer (the default). */
    ENFORCE("enforce");

    private final String keyword;

    HmacMode(String keyword) {
        this.keyword = keyword;
    }

    /** The word keepalived.conf spells it with. */
    public String keyword() {
        return keyword;
    }

    /** Whether adverts go out with a trailer. */
    public boolean signs() {
        return this != RECEIVE_ONLY;
    }

    /** The mode spelled {@code word}, or null. */
    public static HmacMode of(String word) {
        for (HmacMode mode : values()) {
            if (mode.keyword.equals(word)) {
                return mode;
            }
        }
        return null;
    }
}
