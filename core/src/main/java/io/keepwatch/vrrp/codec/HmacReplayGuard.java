package io.keepwatch.vrrp.codec;

import java.net.InetAddress;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The anti-replay rule of one receiving instance ({@code anti_replay}), as keepalived 2.4.3 applies
 * it to adverts whose trailer verified: with {@link AntiReplay#TIME}, a trailer whose seconds are
 * more than {@code time_window} away from the receiver's clock is stale; and each sender's sequence
 * must grow, a sender being known by its address. Pure: the caller passes the clock. One reader
 * thread per instance uses it.
 *
 * <p>keepalived keeps four multicast senders (evicting the least recently heard) and one slot per
 * unicast peer; the guard keeps {@link #MULTICAST_SENDERS} plus the number of unicast peers.
 * keepalived checks the window before the HMAC (so that a flood of replays costs no digest); here
 * the decoder verifies the HMAC first, so a stale advert with a bad HMAC counts as a bad HMAC.
 */
public final class HmacReplayGuard {
    /** Senders remembered on a multicast instance: more than one only during an election. */
    public static final int MULTICAST_SENDERS = 4;

    /** What the guard decided. */
    public enum Outcome {
        FRESH,
        /** Outside the freshness window. */
        STALE,
        /** Not after the sender's last accepted sequence. */
        REPLAYED
    }

    private final HmacSettings settings;
    private final Map<InetAddress, Long> highest;

    public HmacReplayGuard(HmacSettings settings, int unicastPeers) {
        this.settings = settings;
        int capacity = MULTICAST_SENDERS + Math.max(0, unicastPeers);
        this.highest = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<InetAddress, Long> eldest) {
                return size() > capacity;
            }
        };
    }

    /**
     * How far {@code sequence}'s timestamp is behind the receiver's clock {@code nowEpochSeconds}
     * (negative when ahead), in seconds, in 32-bit serial arithmetic.
     */
    public static int skew(long sequence, long nowEpochSeconds) {
        return (int) nowEpochSeconds - HmacSequence.seconds(sequence);
    }

    /**
     * Decides on {@code sequence} from {@code source} at {@code nowEpochSeconds}, and remembers it when
     * it is fresh. A remembered sequence whose timestamp has left the window is forgotten first, so
     * that a sender whose clock was set back is heard again once its adverts are in the window.
     */
    public Outcome admit(InetAddress source, long sequence, long nowEpochSeconds) {
        int window = settings.timeWindowSeconds();
        boolean timeBound = settings.timeBound();
        if (timeBound && Math.abs((long) skew(sequence, nowEpochSeconds)) > window) {
            return Outcome.STALE;
        }
        Long last = highest.get(source);
        if (last != null && timeBound && Math.abs((long) skew(last, nowEpochSeconds)) > window) {
            last = null;
        }
        if (last != null && !HmacSequence.after(sequence, last)) {
            return Outcome.REPLAYED;
        }
        highest.put(source, sequence);
        return Outcome.FRESH;
    }
}
