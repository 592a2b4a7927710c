package io.keepwatch.testing.witness;

import io.keepwatch.plugin.api.WitnessCandidate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * A witness store in memory, with the semantics the SPI asks of a real one (etcd): leases that expire
 * by the monotonic clock {@code ttl} after their grant or last keep-alive <em>as the store received
 * it</em>, keys taken by compare-and-set under a lease and released with it, candidacies under a
 * lease, and notifications of every change of a key (expiry included). Thread-safe; one store is
 * shared by every host's {@link InMemoryWitness} (or, across processes, served by {@link WitnessServer}).
 */
public final class InMemoryStore implements AutoCloseable {

    /** A lease: its holder and until when it lives (System.nanoTime). */
    private record Lease(long id, String holder, long ttlNanos, long expiresAt) {}

    private final Map<Long, Lease> leases = new LinkedHashMap<>();
    /** key -> lease id of its holder */
    private final Map<String, Long> keys = new LinkedHashMap<>();
    /** key -> lease id -> priority */
    private final Map<String, Map<Long, Integer>> candidates = new LinkedHashMap<>();
    private final List<Consumer<String>> listeners = new CopyOnWriteArrayList<>();
    private final AtomicLong ids = new AtomicLong(0x1000);
    /** Keys changed by expiries noticed under the lock, for the reaper to report. */
    private final List<String> pending = new ArrayList<>();
    /** When each holder's last lease ran out (the instance it expired, System.nanoTime). */
    private final Map<String, Long> expired = new LinkedHashMap<>();
    private final Thread reaper;
    private volatile boolean closed;

    public InMemoryStore() {
        reaper = Thread.ofPlatform().daemon(true).name("in-memory-witness-reaper").start(this::reap);
    }

    /** Grants a lease of {@code ttl} to {@code holder}; returns its id. */
    public synchronized long grant(String holder, Duration ttl) {
        long id = ids.incrementAndGet();
        leases.put(id, new Lease(id, holder, ttl.toNanos(), System.nanoTime() + ttl.toNanos()));
        return id;
    }

    /** Renews a lease; false when it is gone (expired or revoked). */
    public synchronized boolean keepAlive(long lease) {
        expire();
        Lease l = leases.get(lease);
        if (l == null) {
            return false;
        }
        leases.put(lease, new Lease(l.id(), l.holder(), l.ttlNanos(), System.nanoTime() + l.ttlNanos()));
        return true;
    }

    /**
     * What a new etcd leader does: every lease lives its full TTL plus {@code extend} from now, kept
     * alive or not.
     */
    public synchronized void promote(Duration extend) {
        expire();
        long now = System.nanoTime();
        leases.replaceAll((id, l) -> new Lease(l.id(), l.holder(), l.ttlNanos(), now + l.ttlNanos() + extend.toNanos()));
    }

    /** How many leases were granted so far. */
    public long granted() {
        return ids.get();
    }

    /** The lease that holds {@code key}, if a live one does. */
    public synchronized java.util.OptionalLong leaseOf(String key) {
        expire();
        Long lease = keys.get(key);
        return lease == null ? java.util.OptionalLong.empty() : java.util.OptionalLong.of(lease);
    }

    /** Ends a lease now, with its keys and candidacies. */
    public void revoke(long lease) {
        List<String> changed;
        synchronized (this) {
            changed = drop(List.of(lease));
        }
        changed.forEach(this::changed);
    }

    /** Whether the lease lives. */
    public synchronized boolean alive(long lease) {
        expire();
        return leases.containsKey(lease);
    }

    /**
     * Takes {@code key} for {@code lease} if no live lease holds it (compare and set).
     *
     * @return true when the lease holds it afterwards; empty when the lease is gone
     */
    public Optional<Boolean> acquire(long lease, String key) {
        boolean taken;
        synchronized (this) {
            expire();
            if (!leases.containsKey(lease)) {
                return Optional.empty();
            }
            Long holder = keys.get(key);
            if (holder != null) {
                return Optional.of(holder == lease);
            }
            keys.put(key, lease);
            taken = true;
        }
        changed(key);
        return Optional.of(taken);
    }

    /** Gives {@code key} up if {@code lease} holds it. */
    public void release(long lease, String key) {
        boolean released;
        synchronized (this) {
            released = keys.remove(key, lease);
        }
        if (released) {
            changed(key);
        }
    }

    /** Publishes a candidacy; false when the lease is gone. */
    public boolean stand(long lease, String key, int priority) {
        synchronized (this) {
            expire();
            if (!leases.containsKey(lease)) {
                return false;
            }
            candidates.computeIfAbsent(key, k -> new LinkedHashMap<>()).put(lease, priority);
        }
        changed(key);
        return true;
    }

    public void withdraw(long lease, String key) {
        boolean removed;
        synchronized (this) {
            Map<Long, Integer> of = candidates.get(key);
            removed = of != null && of.remove(lease) != null;
        }
        if (removed) {
            changed(key);
        }
    }

    /** When the last lease of {@code holder} ran out (not revoked), if one did. */
    public synchronized java.util.OptionalLong expiredAt(String holder) {
        expire();
        Long at = expired.get(holder);
        return at == null ? java.util.OptionalLong.empty() : java.util.OptionalLong.of(at);
    }

    /** Who holds {@code key}. */
    public synchronized Optional<String> holder(String key) {
        expire();
        return Optional.ofNullable(keys.get(key)).map(leases::get).map(Lease::holder);
    }

    /** The live candidacies for {@code key}. */
    public synchronized List<WitnessCandidate> candidates(String key) {
        expire();
        List<WitnessCandidate> out = new ArrayList<>();
        candidates.getOrDefault(key, Map.of()).forEach((lease, priority) ->
                out.add(new WitnessCandidate(leases.get(lease).holder(), priority)));
        return out;
    }

    /** Calls {@code listener} with the key after every change (on the changing thread or the reaper). */
    public Runnable listen(Consumer<String> listener) {
        listeners.add(listener);
        return () -> listeners.remove(listener);
    }

    @Override
    public void close() {
        closed = true;
        reaper.interrupt();
    }

    private void changed(String key) {
        for (Consumer<String> l : listeners) {
            try {
                l.accept(key);
            } catch (RuntimeException e) {
                // a listener's failure is its own
            }
        }
    }

    /** Drops expired leases; the caller holds the lock; the reaper reports the keys that changed. */
    private void expire() {
        long now = System.nanoTime();
        List<Long> dead = new ArrayList<>();
        leases.values().forEach(l -> {
            if (now - l.expiresAt() >= 0) {
                dead.add(l.id());
                expired.put(l.holder(), l.expiresAt());
            }
        });
        if (!dead.isEmpty()) {
            pending.addAll(drop(dead));
        }
    }

    private List<String> drop(List<Long> dead) {
        List<String> changed = new ArrayList<>();
        for (long id : dead) {
            leases.remove(id);
            keys.entrySet().removeIf(e -> {
                if (e.getValue() == id) {
                    changed.add(e.getKey());
                    return true;
                }
                return false;
            });
            candidates.forEach((key, of) -> {
                if (of.remove(id) != null) changed.add(key);
            });
        }
        return changed;
    }

    /** Expiry is noticed by the next call, and by this thread for the watchers. */
    private void reap() {
        while (!closed) {
            List<String> changed;
            synchronized (this) {
                expire();
                changed = List.copyOf(pending);
                pending.clear();
            }
            changed.forEach(this::changed);
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                return;
            }
        }
    }
}
