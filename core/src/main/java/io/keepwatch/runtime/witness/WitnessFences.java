package io.keepwatch.runtime.witness;

import io.keepwatch.config.model.VrrpInstanceConfig;
import io.keepwatch.runtime.net.InstanceNetwork;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Fencing by witness, on the VRRP thread: what each witness session is worth now, and the network of
 * every instance with {@code witness NAME} ({@link FencedNetwork}), which binds the instance's
 * addresses only while the instance holds its key under a live session.
 *
 * <p>VRRP itself runs unchanged: the engine elects, sends its adverts and asks for its addresses. A
 * fence removes its addresses before their kernel lifetime can run out unrenewed, and a session counts
 * as live until {@link FenceTiming its deadline} ({@code V - TTL/6}); while it is not, every instance fenced by it
 * sees its witness tracker ({@link #tracker}, weight 0) down, goes to FAULT like an instance whose
 * tracked script failed, removes its addresses and resigns with a priority-0 advert, so that a peer
 * that reaches the witness takes over. Time comes from the loop ({@link Loop}); the engine stays pure.
 */
public final class WitnessFences {

    /** The VRRP loop as the fences use it. */
    public interface Loop {
        long now();

        /** Calls {@link WitnessFences#wake} at {@code deadlineNanos} (replacing an earlier request). */
        void wakeAt(long deadlineNanos);
    }

    /** Where a witness's tracker state goes: every instance tracking it. */
    public interface Trackers {
        void changed(String tracker, boolean up, String message);
    }

    /** Asks the witness threads for keys ({@link WitnessSessions}). */
    public interface Keys {
        void want(String witness, String key);

        void unwant(String witness, String key);

        /** Watch {@code key} for as long as the instance is fenced by {@code witness}, wanted or not. */
        void follow(String witness, String key);

        void unfollow(String witness, String key);
    }

    /** One witness session as the VRRP thread knows it. */
    static final class Session {
        Duration ttl = Duration.ZERO;
        long validUntil;
        /** Until when the session counts as live; 0 when it is not. */
        long deadline;
        boolean live;
    }

    private final Loop loop;
    private final Trackers trackers;
    private final Keys keys;
    private final Map<String, Session> sessions = new LinkedHashMap<>();
    private final Map<String, FencedNetwork> fenced = new LinkedHashMap<>();
    private long wakeAt = Long.MAX_VALUE;
    /** Whether each fenced instance waited when its status was last published. */
    private final Map<String, Boolean> shown = new LinkedHashMap<>();
    private Consumer<String> statusChanged = name -> { };

    public WitnessFences(Loop loop, Trackers trackers, Keys keys) {
        this.loop = loop;
        this.trackers = trackers;
        this.keys = keys;
    }

    /** Told the name of a fenced instance whose waiting ({@link #waiting}) changed without an engine event. */
    public void onStatusChange(Consumer<String> listener) {
        this.statusChanged = listener;
    }

    /** The tracker that is up while the session with {@code witness} is live. */
    public static String tracker(String witness) {
        return "vrrp_witness " + witness;
    }

    /**
     * The network {@code instance} should use: {@code network} itself, or around it the fence of its
     * witness. Called when the instance is made; {@link #forget} when it goes.
     */
    public InstanceNetwork network(VrrpInstanceConfig instance, InstanceNetwork network) {
        if (!instance.witness().fences()) {
            return network;
        }
        FencedNetwork fence = new FencedNetwork(this, instance.name(), instance.witness().witness(), network);
        FencedNetwork before = fenced.put(instance.name(), fence);
        if (before != null && !before.witness().equals(fence.witness())) {
            keys.unfollow(before.witness(), instance.name());
        }
        keys.follow(fence.witness(), instance.name());
        return fence;
    }

    /** The instance is gone; its key was given up with its addresses. */
    public void forget(String instance) {
        FencedNetwork fence = fenced.remove(instance);
        shown.remove(instance);
        if (fence != null) {
            fence.release();
            keys.unfollow(fence.witness(), instance);
        }
    }

    /** Whether a fenced instance's VRRP wants its addresses bound but its witness does not let it yet. */
    public boolean waiting(String instance) {
        FencedNetwork fence = fenced.get(instance);
        return fence != null && fence.waiting();
    }

    /** The fenced instances, by name, and whether each waits ({@link #waiting}). */
    public Map<String, Boolean> fencedInstances() {
        Map<String, Boolean> out = new LinkedHashMap<>();
        fenced.forEach((name, fence) -> out.put(name, fence.waiting()));
        return out;
    }

    /** The session with {@code witness} was opened or kept alive. */
    public void renewed(String witness, Duration ttl, long validUntilNanos) {
        long now = loop.now();
        Session s = session(witness);
        s.ttl = ttl;
        s.validUntil = validUntilNanos;
        long seconds = FenceTiming.lifetimeSeconds(validUntilNanos, now);
        if (seconds < 1) {
            // Too late to bind anything under it: as good as no renewal.
            wake(now);
            return;
        }
        // The addresses themselves go earlier when their kernel lifetime would run out first
        // (FencedNetwork.check); the instance leaves MASTER only at the margin.
        s.deadline = validUntilNanos - FenceTiming.marginNanos(ttl);
        if (!s.live) {
            s.live = true;
            trackers.changed(tracker(witness), true, "session live");
        }
        for (FencedNetwork fence : of(witness)) {
            fence.renew(now, validUntilNanos);
        }
        plan(now);
    }

    /** The session with {@code witness} is gone, and every key held under it. */
    public void lost(String witness, String why) {
        Session s = session(witness);
        s.deadline = 0;
        s.validUntil = 0;
        down(witness, s, why);
        for (FencedNetwork fence : of(witness)) {
            fence.keyLost();
        }
        plan(loop.now());
    }

    /** The answer to a request for {@code key} (an instance's name). */
    public void acquired(String witness, String key, boolean held) {
        FencedNetwork fence = fenced.get(key);
        if (fence != null && fence.witness().equals(witness)) {
            fence.acquired(held, loop.now());
            plan(loop.now());
        }
    }

    /** What the store says of {@code key}'s holder: shown in the instance's status. */
    public void holder(String witness, String key, Optional<String> holder) {
        FencedNetwork fence = fenced.get(key);
        if (fence != null && fence.witness().equals(witness) && fence.holder(holder)) {
            statusChanged.accept(key);
        }
    }

    /** The loop's wake-up: sessions past their deadline go down, addresses past their lifetime are removed. */
    public void wake(long now) {
        wakeAt = Long.MAX_VALUE;
        sessions.forEach((witness, s) -> {
            if (s.live && now - s.deadline >= 0) {
                down(witness, s, "no keep-alive answered in time");
            }
        });
        for (FencedNetwork fence : fenced.values()) {
            fence.check(now);
        }
        plan(now);
    }

    private void down(String witness, Session s, String why) {
        if (s.live) {
            s.live = false;
            for (FencedNetwork fence : of(witness)) {
                fence.unbind("witness " + witness + ": " + why);
            }
            trackers.changed(tracker(witness), false, why);
        }
    }

    /** Whether the session with {@code witness} is live at {@code now}. */
    public boolean live(String witness, long now) {
        Session s = sessions.get(witness);
        return s != null && s.live && now - s.deadline < 0;
    }

    Optional<Session> sessionOf(String witness) {
        return Optional.ofNullable(sessions.get(witness));
    }

    long now() {
        return loop.now();
    }

    void want(String witness, String key) {
        keys.want(witness, key);
    }

    void unwant(String witness, String key) {
        keys.unwant(witness, key);
    }

    private Session session(String witness) {
        return sessions.computeIfAbsent(witness, w -> new Session());
    }

    private List<FencedNetwork> of(String witness) {
        return fenced.values().stream().filter(f -> f.witness().equals(witness)).toList();
    }

    /** Asks the loop to wake at the earliest deadline of a live session or a bound fence. */
    private void plan(long now) {
        fenced.forEach((name, fence) -> {
            Boolean before = shown.put(name, fence.waiting());
            if (before != null && before != fence.waiting()) {
                statusChanged.accept(name);
            }
        });
        boolean any = false;
        long earliest = 0;
        for (Session s : sessions.values()) {
            if (s.live && (!any || s.deadline - earliest < 0)) {
                earliest = s.deadline;
                any = true;
            }
        }
        for (FencedNetwork fence : fenced.values()) {
            if (fence.bound() && (!any || fence.wakeAt() - earliest < 0)) {
                earliest = fence.wakeAt();
                any = true;
            }
        }
        long next = any ? earliest : Long.MAX_VALUE;
        if (next != wakeAt) {
            wakeAt = next;
            loop.wakeAt(next);
        }
    }
}
