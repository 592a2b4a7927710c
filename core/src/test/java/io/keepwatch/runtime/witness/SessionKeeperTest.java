package io.keepwatch.runtime.witness;

import static org.assertj.core.api.Assertions.assertThat;

import io.keepwatch.plugin.api.Witness;
import io.keepwatch.plugin.api.WitnessCandidate;
import io.keepwatch.plugin.api.WitnessException;
import io.keepwatch.plugin.api.WitnessSession;
import io.keepwatch.plugin.api.WitnessWatch;
import io.keepwatch.testing.Deadline;
import io.keepwatch.testing.witness.InMemoryStore;
import io.keepwatch.testing.witness.InMemoryWitness;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/** The witness thread of a host: what it does with a key the store did not let it give up. */
class SessionKeeperTest {

    private static final Duration TTL = Duration.ofSeconds(3);
    private static final Duration WAIT = Duration.ofSeconds(20);

    /**
     * A master that leaves MASTER while its release cannot reach the store, and whose session then
     * lives on (the store answers its next keep-alive), must still give the key up: a peer that
     * VRRP made master waits for it, and nobody else could take it while the lease is renewed.
     */
    @Test
    void aReleaseTheStoreDidNotTakeIsMadeAtTheNextKeepAlive() throws Exception {
        try (InMemoryStore store = new InMemoryStore()) {
            ReleaseFailsOnce a = new ReleaseFailsOnce(new InMemoryWitness(store, TTL));
            CountDownLatch acquired = new CountDownLatch(1);
            SessionKeeper keeper = new SessionKeeper("main", a, "a", new WitnessListener() {
                @Override
                public void renewed(String witness, Duration ttl, long validUntilNanos) {
                }

                @Override
                public void lost(String witness, String why) {
                }

                @Override
                public void acquired(String witness, String key, boolean held) {
                    if (held) acquired.countDown();
                }

                @Override
                public void holder(String witness, String key, Optional<String> holder) {
                }
            });
            keeper.start();
            try {
                keeper.want("VI_1");
                assertThat(acquired.await(WAIT.toSeconds(), TimeUnit.SECONDS)).as("the key taken").isTrue();
                assertThat(store.holder("VI_1")).contains("a");

                keeper.unwant("VI_1");
                assertThat(a.refused.await(WAIT.toSeconds(), TimeUnit.SECONDS)).as("the release refused once").isTrue();

                Deadline.await("the key released at a later keep-alive", WAIT, () -> store.holder("VI_1").isEmpty());
                InMemoryWitness b = new InMemoryWitness(store, TTL);
                assertThat(b.open("b").acquire("VI_1")).as("the peer takes it").isTrue();
            } finally {
                keeper.close(Duration.ofSeconds(5));
            }
        }
    }

    /** A witness whose sessions fail their first release as a request that timed out would. */
    private static final class ReleaseFailsOnce implements Witness {
        private final Witness store;
        private final AtomicBoolean failed = new AtomicBoolean();
        final CountDownLatch refused = new CountDownLatch(1);

        ReleaseFailsOnce(Witness store) {
            this.store = store;
        }

        @Override
        public Duration ttl() {
            return store.ttl();
        }

        @Override
        public WitnessSession open(String holder) throws WitnessException {
            WitnessSession session = store.open(holder);
            return new WitnessSession() {
                @Override
                public String holder() {
                    return session.holder();
                }

                @Override
                public long validUntilNanos() {
                    return session.validUntilNanos();
                }

                @Override
                public long keepAlive() throws WitnessException {
                    return session.keepAlive();
                }

                @Override
                public boolean acquire(String key) throws WitnessException {
                    return session.acquire(key);
                }

                @Override
                public void release(String key) throws WitnessException {
                    if (failed.compareAndSet(false, true)) {
                        refused.countDown();
                        throw new WitnessException(WitnessException.Kind.UNREACHABLE, "timed out (by the test)");
                    }
                    session.release(key);
                }

                @Override
                public void stand(String key, int priority) throws WitnessException {
                    session.stand(key, priority);
                }

                @Override
                public void withdraw(String key) throws WitnessException {
                    session.withdraw(key);
                }

                @Override
                public void close() {
                    session.close();
                }
            };
        }

        @Override
        public Optional<String> holder(String key) throws WitnessException {
            return store.holder(key);
        }

        @Override
        public List<WitnessCandidate> candidates(String key) throws WitnessException {
            return store.candidates(key);
        }

        @Override
        public WitnessWatch watch(String key, Runnable changed) throws WitnessException {
            return store.watch(key, changed);
        }

        @Override
        public void close() {
            store.close();
        }
    }
}
