package io.keepwatch.vrrp.codec;

/** keepalived's {@code auth_hmac} {@code anti_replay}: what makes a signed advert fresh. */
public enum AntiReplay {
    /**
     * The trailer's timestamp must be within {@code time_window} seconds of the receiver's clock,
     * and each sender's sequence must grow (the default; the hosts' clocks must agree).
     */
    TIME("time"),
    /** Each sender's sequence must grow; no clock agreement is needed, nor is freshness proven. */
    MONOTONIC("monotonic");

    private final String keyword;

    AntiReplay(String keyword) {
        this.keyword = keyword;
    }

    /** The word keepalived.conf spells it with. */
    public String keyword() {
        return keyword;
    }

    /** The setting spelled {@code word}, or null. */
    public static AntiReplay of(String word) {
        for (AntiReplay a : values()) {
            if (a.keyword.equals(word)) {
                return a;
            }
        }
        return null;
    }
}
