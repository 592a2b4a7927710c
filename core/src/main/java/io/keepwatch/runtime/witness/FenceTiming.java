package io.keepwatch.runtime.witness;

import java.time.Duration;

/**
 * The timing that keeps a witness-fenced address from outliving its hold, for a session of lease
 * TTL {@code T} whose last keep-alive made it valid until {@code V} (the store cannot expire it
 * before {@code V}, so no other host can take the key before {@code V}).
 *
 * <ul>
 *   <li>keepwatch renews the session every {@code T/6};</li>
 *   <li>it leaves MASTER at the latest at {@code V - T/6} (the margin), by the monotonic clock, so
 *       that a peer's VRRP has taken over by the time the store can let the key go;</li>
 *   <li>and each address carries a kernel lifetime, renewed at every keep-alive, short enough that
 *       the kernel itself deletes it before {@code V} even when keepwatch is killed or frozen.
 *       Lifetimes are whole seconds, and the kernel checks them up to a second late (IPv4's
 *       {@code check_lifetime} and IPv6's {@code addrconf_verify} run at least a second apart), so a
 *       lifetime set at {@code now} is {@code floor(V - now - 1 s - 0.25 s)} seconds; the 0.25 s
 *       cover the time between reading the clock and the kernel stamping the address. A hold also
 *       ends, in keepwatch's own reckoning, just before the kernel's lifetime would run out.</li>
 *   <li>Without a keep-alive, the lifetimes are set once more from {@code V} itself, at the last
 *       moment a whole second still fits ({@link #lastLifetimeNanos}, {@code V - 2.25 s}, a little
 *       earlier for the loop's lateness): the addresses then last until about {@code V - 1.45 s}
 *       instead of a second after the last keep-alive, and ride through a longer stall of the
 *       store (a leader election) with nothing lost in safety, since the bound is V's.</li>
 * </ul>
 *
 * <p>With {@code T = 3 s} a keep-alive right after its answer leaves a lifetime of 1 s, renewed every
 * half second; below 3 s no lifetime of a whole second fits, so fencing needs {@code ttl 3} or more.
 * The margin is the time a peer's VRRP needs to take over after the priority-0 advert (its Skew_Time,
 * RFC 5798 6.4.2); a longer one would give up a hold for a stall of the store the lease outlives.
 */
public final class FenceTiming {

    /** The shortest lease TTL a fenced or elected instance can use. */
    public static final Duration MIN_TTL = Duration.ofSeconds(3);

    /** How late the kernel may delete an address whose lifetime ran out. */
    static final long KERNEL_LATE_NANOS = 1_000_000_000L;
    /** Between reading the clock and the kernel stamping the address. */
    static final long STAMP_SLACK_NANOS = 250_000_000L;
    /** keepwatch gives up a hold this long before the kernel could delete its addresses. */
    static final long BEFORE_KERNEL_NANOS = 100_000_000L;
    /** The last lifetime from {@code V} is set this much before the last moment it fits: the loop may wake late. */
    static final long LAST_LIFETIME_EARLY_NANOS = 100_000_000L;
    private static final long SECOND = 1_000_000_000L;

    private FenceTiming() {}

    /** How often a session is renewed: {@code T/6}. */
    public static long keepAliveNanos(Duration ttl) {
        return ttl.toNanos() / 6;
    }

    /** How long before the session's end a hold is given up: {@code T/6}. */
    public static long marginNanos(Duration ttl) {
        return ttl.toNanos() / 6;
    }

    /**
     * When to set the addresses' lifetimes once more from a validity {@code V} that no keep-alive has
     * renewed since: a lifetime of one second still fits then, and lasts longer than the one set at
     * the keep-alive.
     */
    public static long lastLifetimeNanos(long validUntilNanos) {
        return validUntilNanos - KERNEL_LATE_NANOS - STAMP_SLACK_NANOS - SECOND - LAST_LIFETIME_EARLY_NANOS;
    }

    /**
     * The kernel lifetime, in whole seconds, of an address added or renewed at {@code nowNanos} under
     * a session valid until {@code validUntilNanos}; 0 when none is short enough, and the address must
     * not be held.
     */
    public static long lifetimeSeconds(long validUntilNanos, long nowNanos) {
        long room = validUntilNanos - nowNanos - KERNEL_LATE_NANOS - STAMP_SLACK_NANOS;
        return room < SECOND ? 0 : room / SECOND;
    }

    /** When keepwatch considers an address given a lifetime of {@code seconds} at {@code nowNanos} gone. */
    public static long kernelDeadlineNanos(long nowNanos, long seconds) {
        return nowNanos + seconds * SECOND - BEFORE_KERNEL_NANOS;
    }

    /** Whether a TTL leaves room for a lifetime of at least a second after a keep-alive. */
    public static boolean fits(Duration ttl) {
        return ttl.compareTo(MIN_TTL) >= 0;
    }
}
