package io.keepwatch.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.keepwatch.plugin.api.Witness;
import io.keepwatch.plugin.api.WitnessCandidate;
import io.keepwatch.plugin.api.WitnessSession;
import io.keepwatch.plugin.api.WitnessWatch;
import io.keepwatch.testing.Deadline;
import io.keepwatch.vrrp.VrrpEvent;
import io.keepwatch.vrrp.VrrpState;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * Two hosts' election runs on one in-memory store, each with a stand-in for its engine that goes
 * MASTER on ElectionWon and BACKUP on ElectionLost: the key goes to the higher priority, is handed
 * over when the priorities change, and never are both hosts MASTER.
 */
class ElectionRunTest {

    /** A store of one process: compare-and-set holds and candidacies, watchers told of every change. */
    static final class MemoryWitness implements Witness {
        private String holder;
        private final Map<String, Integer> candidates = new LinkedHashMap<>();
        private final List<Runnable> watchers = new ArrayList<>();

        @Override
        public Duration ttl() {
            return Duration.ofSeconds(3);
        }

        @Override
        public WitnessSession open(String id) {
            return new WitnessSession() {
                @Override
                public String holder() {
                    return id;
                }

                @Override
                public long validUntilNanos() {
                    return System.nanoTime() + ttl().toNanos();
                }

                @Override
                public long keepAlive() {
                    return validUntilNanos();
                }

                @Override
                public boolean acquire(String key) {
                    synchronized (MemoryWitness.this) {
                        if (holder == null) {
                            holder = id;
                        }
                        changed();
                        return id.equals(holder);
                    }
                }

                @Override
                public void release(String key) {
                    synchronized (MemoryWitness.this) {
                        if (id.equals(holder)) {
                            holder = null;
                        }
                        changed();
                    }
                }

                @Override
                public void stand(String key, int priority) {
                    synchronized (MemoryWitness.this) {
                        candidates.put(id, priority);
                        changed();
                    }
                }

                @Override
                public void withdraw(String key) {
                    synchronized (MemoryWitness.this) {
                        candidates.remove(id);
                        changed();
                    }
                }

                @Override
                public void close() {
                    release("");
                    withdraw("");
                }
            };
        }

        private void changed() {
            watchers.forEach(w -> Thread.ofVirtual().start(w));
        }

        @Override
        public synchronized Optional<String> holder(String key) {
            return Optional.ofNullable(holder);
        }

        @Override
        public synchronized List<WitnessCandidate> candidates(String key) {
            return candidates.entrySet().stream().map(e -> new WitnessCandidate(e.getKey(), e.getValue())).toList();
        }

        @Override
        public synchronized WitnessWatch watch(String key, Runnable changed) {
            watchers.add(changed);
            return () -> { };
        }

        @Override
        public void close() {
        }
    }

    /** A host: its run and a stand-in engine. */
    private static final class Host {
        final String id;
        volatile VrrpState state = VrrpState.BACKUP;
        volatile int priority;
        final ElectionRun run;

        Host(String id, int priority, boolean preempt, MemoryWitness witness, Host[] all, AtomicBoolean twoMasters) {
            this.id = id;
            this.priority = priority;
            this.run = new ElectionRun("DB", "main", witness, id, preempt, Duration.ZERO, event -> {
                synchronized (all) {
                    if (event instanceof VrrpEvent.ElectionWon && state == VrrpState.BACKUP) {
                        for (Host other : all) {
                            if (other != null && other != this && other.state == VrrpState.MASTER) {
                                twoMasters.set(true);
                            }
                        }
                        state = VrrpState.MASTER;
                    } else if (event instanceof VrrpEvent.ElectionLost && state == VrrpState.MASTER) {
                        state = VrrpState.BACKUP;
                    }
                }
                publish();
                return CompletableFuture.completedFuture(null);
            }, valid -> { });
        }

        void publish() {
            run.published(state, priority);
        }

        void priority(int p) {
            priority = p;
            publish();
        }
    }

    @Test
    void theKeyGoesToTheHigherPriorityAndIsHandedOverWithNeverTwoMasters() throws InterruptedException {
        MemoryWitness witness = new MemoryWitness();
        AtomicBoolean twoMasters = new AtomicBoolean();
        Host[] hosts = new Host[2];
        hosts[0] = new Host("a", 100, true, witness, hosts, twoMasters);
        hosts[1] = new Host("b", 50, true, witness, hosts, twoMasters);
        Host a = hosts[0];
        Host b = hosts[1];
        try {
            a.publish();
            b.publish();
            a.run.start();
            b.run.start();
            Deadline.await("a master", Duration.ofSeconds(10), () -> a.state == VrrpState.MASTER);
            assertThat(witness.holder("DB")).hasValue("a");

            a.priority(40);
            Deadline.await("b master", Duration.ofSeconds(10), () -> b.state == VrrpState.MASTER);
            assertThat(a.state).isEqualTo(VrrpState.BACKUP);
            assertThat(witness.holder("DB")).hasValue("b");

            b.state = VrrpState.INIT; // b stops: its instance is gone, its run releases the key
            b.publish();
            Deadline.await("a master again", Duration.ofSeconds(10), () -> a.state == VrrpState.MASTER);
            assertThat(twoMasters).isFalse();
        } finally {
            a.run.close();
            b.run.close();
        }
    }

    @Test
    void nopreemptKeepsTheHolder() throws InterruptedException {
        MemoryWitness witness = new MemoryWitness();
        AtomicBoolean twoMasters = new AtomicBoolean();
        Host[] hosts = new Host[2];
        hosts[0] = new Host("a", 100, false, witness, hosts, twoMasters);
        hosts[1] = new Host("b", 50, false, witness, hosts, twoMasters);
        Host a = hosts[0];
        Host b = hosts[1];
        try {
            a.publish();
            b.publish();
            a.run.start();
            Deadline.await("a master", Duration.ofSeconds(10), () -> a.state == VrrpState.MASTER);
            b.run.start();
            Deadline.await("b standing", Duration.ofSeconds(10),
                    () -> witness.candidates("DB").stream().anyMatch(c -> c.holder().equals("b")));

            a.priority(40);
            Deadline.await("a's new priority published", Duration.ofSeconds(10),
                    () -> witness.candidates("DB").stream().anyMatch(c -> c.holder().equals("a") && c.priority() == 40));
            assertThat(witness.holder("DB")).hasValue("a");
            assertThat(a.state).isEqualTo(VrrpState.MASTER);
            assertThat(b.state).isEqualTo(VrrpState.BACKUP);
            assertThat(twoMasters).isFalse();
        } finally {
            a.run.close();
            b.run.close();
        }
    }
}
