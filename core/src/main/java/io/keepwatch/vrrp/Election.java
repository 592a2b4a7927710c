package io.keepwatch.vrrp;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What one host of an {@code election} instance should do with its key, from what the witness store
 * shows: pure, like the engine (the time comes in, nothing is read or sent here).
 *
 * <p>The rules keep VRRP's meaning of priority and preemption while making sure that two hosts are
 * never both told to hold the key, even when they act on the same view at the same moment:
 *
 * <pre>
 * holder   own priority  condition                                        move
 * -------- ------------- ------------------------------------------------ ------------------------------
 * any      0 (FAULT)     -                                                STAND_DOWN (release if held,
 *                                                                          withdraw the candidacy)
 * self     &gt; 0           a candidate with a higher priority, preempt,     HAND_OVER (remove the VIPs,
 *                        and it has been higher for preempt_delay          then release the key)
 * self     &gt; 0           otherwise (nopreempt, no higher candidate, or    HOLD (again at the end of
 *                        preempt_delay still running)                      preempt_delay, if running)
 * other    &gt; 0           -                                                WAIT (stand, watch)
 * nobody   &gt; 0           this host is the best live candidate             ACQUIRE
 * nobody   &gt; 0           otherwise                                        WAIT (the best one acquires)
 * </pre>
 *
 * <p>The best candidate has the highest priority; among equals, the greatest identity (by
 * {@link String#compareTo}), as VRRP prefers the higher address among equal priorities (RFC 5798
 * section 6.4.3). A holder hands over only to a strictly higher priority, as a VRRP backup preempts
 * only a master of lower priority: equals never move the key. The preemption settings that apply are
 * the holder's own, since the holder is the one that lets go.
 *
 * <p>Not thread-safe: one thread owns it (it remembers since when a higher candidate has been seen).
 */
public final class Election {

    /** What to do now. */
    public enum Move {
        /** The key is free and this host is the best candidate: take it (compare and set). */
        ACQUIRE,
        /** This host holds the key and keeps it. */
        HOLD,
        /** A higher candidate may preempt: remove the addresses, then release the key for it. */
        HAND_OVER,
        /** Stand and wait for the watch: someone else holds the key or should take it. */
        WAIT,
        /** This host cannot serve (priority 0): release the key if held, withdraw its candidacy. */
        STAND_DOWN
    }

    /**
     * A decision.
     *
     * @param move       what to do
     * @param recheckAt  the {@code nowNanos} at which to decide again even if nothing changes (the end of
     *                   a running preempt_delay); empty when only a change calls for a new decision
     * @param reason     why, in words for the log
     */
    public record Decision(Move move, Optional<Long> recheckAt, String reason) {
        public Decision {
            Objects.requireNonNull(move, "move");
            Objects.requireNonNull(recheckAt, "recheckAt");
            Objects.requireNonNull(reason, "reason");
        }
    }

    /**
     * A host standing for the key, as the store lists it.
     *
     * @param id       the host's identity in the store
     * @param priority the effective priority it published
     */
    public record Candidate(String id, int priority) {
        public Candidate {
            Objects.requireNonNull(id, "id");
        }
    }

    private final String self;
    private final boolean preempt;
    private final Duration preemptDelay;
    /** Whether, and since when, a candidate higher than this holder has been seen without a break. */
    private boolean higherSeen;
    private long higherSinceNanos;

    /**
     * @param self         this host's identity in the store
     * @param preempt      false for {@code nopreempt}: a holder keeps the key whatever stands
     * @param preemptDelay {@code preempt_delay}: how long a higher candidate must stand before this
     *                     holder hands over (zero: at once)
     */
    public Election(String self, boolean preempt, Duration preemptDelay) {
        this.self = Objects.requireNonNull(self, "self");
        this.preempt = preempt;
        this.preemptDelay = Objects.requireNonNull(preemptDelay, "preemptDelay");
        if (preemptDelay.isNegative()) {
            throw new IllegalArgumentException("preempt_delay must not be negative, got " + preemptDelay);
        }
    }

    /** This host's identity. */
    public String self() {
        return self;
    }

    /**
     * Decides from one view of the store.
     *
     * @param ownPriority this host's effective priority now, 0 when it cannot serve (FAULT)
     * @param holder      who holds the key, as the store says; empty when it is free
     * @param candidates  the live candidacies; this host's own entry, if listed, is taken at
     *                    {@code ownPriority} (the store may not show its latest update yet)
     * @param nowNanos    a monotonic time, for preempt_delay
     */
    public Decision decide(int ownPriority, Optional<String> holder, List<Candidate> candidates, long nowNanos) {
        if (ownPriority < 0 || ownPriority > InstanceSpec.PRIORITY_OWNER) {
            throw new IllegalArgumentException("priority " + ownPriority + " out of range 0..255");
        }
        boolean holding = holder.isPresent() && holder.get().equals(self);
        if (!holding) {
            higherSeen = false;
        }
        if (ownPriority == 0) {
            higherSeen = false;
            return new Decision(Move.STAND_DOWN, Optional.empty(),
                    holding ? "priority 0: giving the key up" : "priority 0: not standing");
        }
        Candidate best = best(ownPriority, candidates);
        if (holding) {
            return holderDecision(ownPriority, best, nowNanos);
        }
        if (holder.isPresent()) {
            return new Decision(Move.WAIT, Optional.empty(), "held by " + holder.get());
        }
        if (best.id().equals(self)) {
            return new Decision(Move.ACQUIRE, Optional.empty(),
                    "key free and this host is the best candidate (priority " + ownPriority + ")");
        }
        return new Decision(Move.WAIT, Optional.empty(),
                "key free; best candidate is " + best.id() + " (priority " + best.priority() + ", ours " + ownPriority + ")");
    }

    private Decision holderDecision(int ownPriority, Candidate best, long now) {
        if (best.id().equals(self) || best.priority() <= ownPriority) {
            higherSeen = false;
            return new Decision(Move.HOLD, Optional.empty(), "holding at priority " + ownPriority);
        }
        if (!preempt) {
            higherSeen = false;
            return new Decision(Move.HOLD, Optional.empty(), "nopreempt: keeping the key though " + best.id()
                    + " stands at higher priority " + best.priority() + " (ours " + ownPriority + ")");
        }
        if (!higherSeen) {
            higherSeen = true;
            higherSinceNanos = now;
        }
        long due = higherSinceNanos + preemptDelay.toNanos();
        if (now - due < 0) {
            return new Decision(Move.HOLD, Optional.of(due), "preempt_delay: " + best.id() + " at higher priority "
                    + best.priority() + " (ours " + ownPriority + ") takes over when " + preemptDelay.toMillis()
                    + " ms have passed");
        }
        higherSeen = false;
        return new Decision(Move.HAND_OVER, Optional.empty(), "handing over to " + best.id()
                + " at higher priority " + best.priority() + " (ours " + ownPriority + ")");
    }

    /** The best candidate, counting this host at {@code ownPriority} whether listed or not. */
    private Candidate best(int ownPriority, List<Candidate> candidates) {
        Candidate best = new Candidate(self, ownPriority);
        for (Candidate c : candidates) {
            if (c.id().equals(self) || c.priority() <= 0) {
                continue;
            }
            if (better(c, best)) {
                best = c;
            }
        }
        return best;
    }

    /** Whether {@code a} should hold rather than {@code b}: higher priority, then the greater identity. */
    public static boolean better(Candidate a, Candidate b) {
        if (a.priority() != b.priority()) {
            return a.priority() > b.priority();
        }
        return a.id().compareTo(b.id()) > 0;
    }
}
