package io.keepwatch.testing.witness;

import io.keepwatch.plugin.api.Witness;
import io.keepwatch.plugin.api.WitnessCandidate;
import io.keepwatch.plugin.api.WitnessException;
import io.keepwatch.plugin.api.WitnessSession;
import io.keepwatch.plugin.api.WitnessWatch;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * One host's {@link Witness} on an {@link InMemoryStore}, in the same process: the SPI with a real
 * store's semantics, for tests of the fencing and election code. {@link #reachable} cuts the host off
 * from the store (every call fails as UNREACHABLE, as a timed-out request to etcd would) while the
 * store goes on, leases expiring.
 */
public final class InMemoryWitness implements Witness {

    private final InMemoryStore store;
    private final Duration ttl;
    private volatile boolean reachable = true;

    public InMemoryWitness(InMemoryStore store, Duration ttl) {
        this.store = store;
        this.ttl = ttl;
    }

    /** Cuts this host off from the store (false) or lets it reach it again (true). */
    public void reachable(boolean canReach) {
        this.reachable = canReach;
    }

    private void reach() throws WitnessException {
        if (!reachable) {
            throw new WitnessException(WitnessException.Kind.UNREACHABLE, "store unreachable (cut by the test)");
        }
    }

    @Override
    public Duration ttl() {
        return ttl;
    }

    @Override
    public WitnessSession open(String holder) throws WitnessException {
        reach();
        long sent = System.nanoTime();
        long lease = store.grant(holder, ttl);
        return new Session(holder, lease, sent);
    }

    @Override
    public Optional<String> holder(String key) throws WitnessException {
        reach();
        return store.holder(key);
    }

    @Override
    public List<WitnessCandidate> candidates(String key) throws WitnessException {
        reach();
        return store.candidates(key);
    }

    @Override
    public WitnessWatch watch(String key, Runnable changed) throws WitnessException {
        reach();
        Runnable stop = store.listen(k -> {
            if (k.equals(key)) changed.run();
        });
        return stop::run;
    }

    @Override
    public void close() {
    }

    private final class Session extends LeaseSession {

        Session(String holder, long lease, long sentNanos) {
            super(holder, lease, ttl, sentNanos);
        }

        @Override
        protected void renew() throws WitnessException {
            reach();
            if (!store.keepAlive(lease)) {
                throw lost();
            }
        }

        @Override
        public boolean acquire(String key) throws WitnessException {
            reach();
            return store.acquire(lease, key).orElseThrow(this::lost);
        }

        @Override
        public void release(String key) throws WitnessException {
            reach();
            store.release(lease, key);
        }

        @Override
        public void stand(String key, int priority) throws WitnessException {
            reach();
            if (!store.stand(lease, key, priority)) {
                throw lost();
            }
        }

        @Override
        public void withdraw(String key) throws WitnessException {
            reach();
            store.withdraw(lease, key);
        }

        @Override
        public void close() {
            if (reachable) {
                store.revoke(lease);
            }
        }

        private WitnessException lost() {
            return new WitnessException(WitnessException.Kind.LOST, "lease " + Long.toHexString(lease) + " is gone");
        }
    }
}
