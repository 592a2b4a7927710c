package io.keepwatch.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.keepwatch.plugin.api.Witness;
import io.keepwatch.plugin.api.WitnessException;
import io.keepwatch.testing.Deadline;
import io.keepwatch.testing.witness.InMemoryStore;
import io.keepwatch.testing.witness.InMemoryWitness;
import io.keepwatch.vrrp.VrrpEvent;
import io.keepwatch.vrrp.VrrpState;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Two hosts' election runs on one in-memory store, each with a stand-in for its engine that goes
 * MASTER on ElectionWon and BACKUP on ElectionLost: the key goes to the higher priority, is handed
 * over when the priorities change, and never are both hosts MASTER.
 */
class ElectionRunTest {

    private static final class Host {
        final String id;
        volatile VrrpState state = VrrpState.BACKUP;
        volatile int priority;
        /** Who holds the key, as this host's run last reported it. */
        volatile Optional<String> holder = Optional.empty();
        /** How many times this host became MASTER. */
        final AtomicInteger wins = new AtomicInteger();
        final ElectionRun run;

        Host(String id, int priority, boolean preempt, Witness witness, Hosts all) {
            this.id = id;
            this.priority = priority;
            this.run = new ElectionRun("DB", "main", witness, id, preempt, Duration.ZERO, event -> {
                synchronized (all) {
                    if (event instanceof VrrpEvent.ElectionWon && state == VrrpState.BACKUP) {
                        if (all.hosts.stream().anyMatch(other -> other != this && other.state == VrrpState.MASTER)) {
                            all.twoMasters.set(true);
                        }
                        state = VrrpState.MASTER;
                        wins.incrementAndGet();
                    } else if (event instanceof VrrpEvent.ElectionLost && state == VrrpState.MASTER) {
                        state = VrrpState.BACKUP;
                    }
                }
                publish();
                return CompletableFuture.completedFuture(null);
            }, valid -> { }, h -> holder = h);
        }

        void publish() {
            run.published(state, priority);
        }

        void priority(int p) {
            priority = p;
            publish();
        }
    }

    /** The hosts of one test: whether two were MASTER at once, and their runs closed at the end. */
    private static final class Hosts implements AutoCloseable {
        final List<Host> hosts = new CopyOnWriteArrayList<>();
        final AtomicBoolean twoMasters = new AtomicBoolean();

        /** A host whose first status is published; its run is not started. */
        Host add(String id, int priority, boolean preempt, Witness witness) {
            Host host = new Host(id, priority, preempt, witness, this);
            hosts.add(host);
            host.publish();
            return host;
        }

        @Override
        public void close() {
            hosts.forEach(h -> h.run.close());
        }
    }

    @Test
    void theKeyGoesToTheHigherPriorityAndIsHandedOverWithNeverTwoMasters() throws Exception {
        InMemoryWitness witness = new InMemoryWitness(new InMemoryStore(), Duration.ofSeconds(3));
        try (Hosts hosts = new Hosts()) {
            Host a = hosts.add("a", 100, true, witness);
            Host b = hosts.add("b", 50, true, witness);
            a.run.start();
            b.run.start();
            Deadline.await("a master", Duration.ofSeconds(10), () -> a.state == VrrpState.MASTER);
            assertThat(witness.holder("DB")).hasValue("a");
            Deadline.await("both runs report a as the holder", Duration.ofSeconds(10),
                    () -> a.holder.equals(Optional.of("a")) && b.holder.equals(Optional.of("a")));

            a.priority(40);
            Deadline.await("b master", Duration.ofSeconds(10), () -> b.state == VrrpState.MASTER);
            assertThat(a.state).isEqualTo(VrrpState.BACKUP);
            assertThat(witness.holder("DB")).hasValue("b");
            Deadline.await("both runs report b as the holder", Duration.ofSeconds(10),
                    () -> a.holder.equals(Optional.of("b")) && b.holder.equals(Optional.of("b")));

            b.state = VrrpState.INIT; // b stops: its instance is gone, its run releases the key
            b.publish();
            Deadline.await("a master again", Duration.ofSeconds(10), () -> a.state == VrrpState.MASTER);
            assertThat(hosts.twoMasters).isFalse();
        }
    }

    @Test
    void nopreemptKeepsTheHolder() throws Exception {
        InMemoryWitness witness = new InMemoryWitness(new InMemoryStore(), Duration.ofSeconds(3));
        try (Hosts hosts = new Hosts()) {
            Host a = hosts.add("a", 100, false, witness);
            Host b = hosts.add("b", 50, false, witness);
            a.run.start();
            Deadline.await("a master", Duration.ofSeconds(10), () -> a.state == VrrpState.MASTER);
            b.run.start();
            Deadline.await("b standing", Duration.ofSeconds(10),
                    () -> standing(witness, "b", 50));

            a.priority(40);
            Deadline.await("a's new priority published", Duration.ofSeconds(10),
                    () -> standing(witness, "a", 40));
            assertThat(witness.holder("DB")).hasValue("a");
            assertThat(a.state).isEqualTo(VrrpState.MASTER);
            assertThat(b.state).isEqualTo(VrrpState.BACKUP);
            assertThat(hosts.twoMasters).isFalse();
        }
    }

    @Test
    void aKeyLeftUnderAnEarlierSessionOfThisHostIsNotHeldByTheNextOne() throws Exception {
        try (InMemoryStore store = new InMemoryStore(); Hosts hosts = new Hosts()) {
            InMemoryWitness oldWitness = new InMemoryWitness(store, Duration.ofSeconds(3));
            InMemoryWitness bWitness = new InMemoryWitness(store, Duration.ofSeconds(3));
            InMemoryWitness newWitness = new InMemoryWitness(store, Duration.ofSeconds(3));
            // equal priorities: b is the better of the two (the greater identity) once the key is free
            Host a = hosts.add("a", 100, true, oldWitness);
            Host b = hosts.add("b", 100, true, bWitness);
            a.run.start();
            Deadline.await("a master", Duration.ofSeconds(10), () -> a.state == VrrpState.MASTER);
            b.run.start();
            Deadline.await("b standing", Duration.ofSeconds(10), () -> standing(bWitness, "b", 100));

            // a's process dies (kill -9: no release, no keep-alive) and a new one starts on the same
            // host at once: the key bears a's name under the dead process's lease until that ends
            oldWitness.reachable(false);
            a.state = VrrpState.INIT; // not counted as a master any more: its addresses went with it
            store.promote(Duration.ofSeconds(1));
            Host restarted = hosts.add("a", 100, true, newWitness);
            restarted.run.start();

            // the new process must not hold a key under another session's lease; b, the better of
            // equals, takes it once that lease has ended
            Deadline.await("b master", Duration.ofSeconds(20), () -> b.state == VrrpState.MASTER);
            assertThat(restarted.wins.get()).as("the restarted a held a key under the dead process's lease").isZero();
            Deadline.await("the restarted a reports b as the holder", Duration.ofSeconds(10),
                    () -> restarted.holder.equals(Optional.of("b")));
            assertThat(hosts.twoMasters).isFalse();
        }
    }

    @Test
    void aHolderThatGaveUpWhileTheStoreWasOutOfReachHoldsAgainUnderTheSameSessionWhenItAnswers() throws Exception {
        try (InMemoryStore store = new InMemoryStore(); Hosts hosts = new Hosts()) {
            InMemoryWitness aWitness = new InMemoryWitness(store, Duration.ofSeconds(3));
            InMemoryWitness bWitness = new InMemoryWitness(store, Duration.ofSeconds(3));
            Host a = hosts.add("a", 100, true, aWitness);
            Host b = hosts.add("b", 50, true, bWitness);
            a.run.start();
            b.run.start();
            Deadline.await("a master", Duration.ofSeconds(10), () -> a.state == VrrpState.MASTER);
            Deadline.await("b standing", Duration.ofSeconds(10), () -> standing(bWitness, "b", 50));
            long lease = store.leaseOf("DB").orElseThrow();
            long granted = store.granted();

            // the store out of reach (an etcd leader election, say) past the session's margin
            aWitness.reachable(false);
            bWitness.reachable(false);
            Deadline.await("a gave its addresses up", Duration.ofSeconds(10), () -> a.state == VrrpState.BACKUP);
            // the new leader extends every lease; a's next keep-alive gets through
            store.promote(Duration.ofSeconds(1));
            aWitness.reachable(true);
            bWitness.reachable(true);

            Deadline.await("a master again", Duration.ofSeconds(10), () -> a.state == VrrpState.MASTER);
            assertThat(store.leaseOf("DB")).as("the key under the session a kept").hasValue(lease);
            assertThat(store.granted()).as("sessions opened since").isEqualTo(granted);
            assertThat(b.wins.get()).isZero();
            assertThat(hosts.twoMasters).isFalse();
        }
    }

    /** Whether {@code holder} stands for the key at {@code priority}, as the store says. */
    private static boolean standing(Witness witness, String holder, int priority) {
        try {
            return witness.candidates("DB").stream().anyMatch(c -> c.holder().equals(holder) && c.priority() == priority);
        } catch (WitnessException e) {
            return false;
        }
    }
}
