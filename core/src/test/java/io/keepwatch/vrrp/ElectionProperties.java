package io.keepwatch.vrrp;

import static org.assertj.core.api.Assertions.assertThat;

import io.keepwatch.vrrp.Election.Candidate;
import io.keepwatch.vrrp.Election.Move;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/**
 * Hosts that all follow {@link Election} against a store with compare-and-set holds and leases
 * (a killed host's key and candidacy vanish), driven in a seeded random order with random priority
 * changes and kills. A host binds its addresses only after it holds the key and removes them before
 * it releases it, as the runtime does.
 */
class ElectionProperties {

    /** One host of the model. */
    private static final class Host {
        final String id;
        final Election election;
        int priority;
        boolean alive = true;
        boolean bound;

        Host(String id, int priority, boolean preempt) {
            this.id = id;
            this.priority = priority;
            this.election = new Election(id, preempt, Duration.ZERO);
        }
    }

    /** The store: one key, its holder, and the candidacies of the live hosts. */
    private static final class Store {
        Optional<String> holder = Optional.empty();

        List<Candidate> candidates(List<Host> hosts) {
            return hosts.stream().filter(h -> h.alive && h.priority > 0).map(h -> new Candidate(h.id, h.priority)).toList();
        }
    }

    @Provide
    Arbitrary<List<Integer>> priorities() {
        return Arbitraries.integers().between(0, 255).list().ofMinSize(1).ofMaxSize(5);
    }

    @Property(tries = 300)
    void consistentViewsNeverTellTwoHostsToHold(@ForAll("priorities") List<Integer> priorities,
                                               @ForAll @IntRange(min = -1, max = 5) int holderIndex,
                                               @ForAll boolean preempt) {
        List<Candidate> standing = new ArrayList<>();
        for (int i = 0; i < priorities.size(); i++) {
            if (priorities.get(i) > 0) {
                standing.add(new Candidate("h" + i, priorities.get(i)));
            }
        }
        Optional<String> holder = holderIndex < 0 ? Optional.empty() : Optional.of("h" + holderIndex);
        int holding = 0;
        for (int i = 0; i < priorities.size(); i++) {
            Move move = new Election("h" + i, preempt, Duration.ZERO)
                    .decide(priorities.get(i), holder, standing, 0).move();
            if (move == Move.ACQUIRE || move == Move.HOLD) {
                holding++;
            }
        }
        assertThat(holding).isLessThanOrEqualTo(1);
    }

    @Property(tries = 200)
    void neverTwoHostsBoundAndTheBestLiveCandidateEndsUpHolding(
            @ForAll("priorities") @Size(min = 2) List<Integer> priorities, @ForAll long seed) {
        Random random = new Random(seed);
        List<Host> hosts = new ArrayList<>();
        for (int i = 0; i < priorities.size(); i++) {
            hosts.add(new Host("h" + i, priorities.get(i), true));
        }
        Store store = new Store();
        for (int step = 0; step < 60; step++) {
            int roll = random.nextInt(10);
            Host h = hosts.get(random.nextInt(hosts.size()));
            if (roll == 0) {
                h.priority = random.nextInt(256);
            } else if (roll == 1 && h.alive) {
                kill(h, store);
            } else {
                act(h, hosts, store, step);
            }
            assertAtMostOneBound(hosts, store);
        }
        settle(hosts, store, random);
        // the highest priority holds (among equals the holder keeps it, as no equal preempts)
        List<Host> live = hosts.stream().filter(h -> h.alive && h.priority > 0).toList();
        if (live.isEmpty()) {
            assertThat(store.holder).isEmpty();
            return;
        }
        int top = live.stream().mapToInt(h -> h.priority).max().orElseThrow();
        Host holder = live.stream().filter(h -> store.holder.equals(Optional.of(h.id))).findFirst()
                .orElseThrow(() -> new AssertionError("no live holder: " + store.holder));
        assertThat(holder.priority).isEqualTo(top);
        assertThat(holder.bound).isTrue();
    }

    @Property(tries = 200)
    void aFreeKeyGoesToTheBestCandidate(@ForAll("priorities") @Size(min = 2) List<Integer> priorities,
                                        @ForAll long seed) {
        Random random = new Random(seed);
        List<Host> hosts = new ArrayList<>();
        for (int i = 0; i < priorities.size(); i++) {
            hosts.add(new Host("h" + i, priorities.get(i), true));
        }
        Store store = new Store();
        settle(hosts, store, random);
        Optional<Host> best = hosts.stream().filter(h -> h.priority > 0)
                .max(Comparator.comparing(h -> new Candidate(h.id, h.priority), ElectionProperties::order));
        assertThat(store.holder).isEqualTo(best.map(h -> h.id));
    }

    @Property(tries = 200)
    void nopreemptKeepsTheHolderWhileItCanServe(@ForAll("priorities") @Size(min = 2) List<Integer> priorities,
                                               @ForAll long seed) {
        Random random = new Random(seed);
        List<Host> hosts = new ArrayList<>();
        for (int i = 0; i < priorities.size(); i++) {
            hosts.add(new Host("h" + i, Math.max(1, priorities.get(i)), false));
        }
        Store store = new Store();
        settle(hosts, store, random);
        String first = store.holder.orElseThrow();
        Host holder = hosts.stream().filter(h -> h.id.equals(first)).findFirst().orElseThrow();
        for (int step = 0; step < 60; step++) {
            Host h = hosts.get(random.nextInt(hosts.size()));
            if (random.nextInt(3) == 0) {
                h.priority = 1 + random.nextInt(255);
            } else {
                act(h, hosts, store, step);
            }
            assertAtMostOneBound(hosts, store);
            assertThat(store.holder).hasValue(first);
            assertThat(holder.bound).isTrue();
        }
    }

    private static int order(Candidate a, Candidate b) {
        return a.equals(b) ? 0 : Election.better(a, b) ? 1 : -1;
    }

    /** Every live host acts, in random orders, until a whole round changes nothing. */
    private static void settle(List<Host> hosts, Store store, Random random) {
        for (int round = 0; round < 20; round++) {
            Optional<String> before = store.holder;
            List<Boolean> boundBefore = hosts.stream().map(h -> h.bound).toList();
            List<Host> order = new ArrayList<>(hosts);
            java.util.Collections.shuffle(order, random);
            for (Host h : order) {
                act(h, hosts, store, 1000 + round);
                assertAtMostOneBound(hosts, store);
            }
            if (store.holder.equals(before) && hosts.stream().map(x -> x.bound).toList().equals(boundBefore)) {
                return;
            }
        }
        throw new AssertionError("no steady state after 20 rounds: holder " + store.holder);
    }

    private static void act(Host h, List<Host> hosts, Store store, long now) {
        if (!h.alive) {
            return;
        }
        Move move = h.election.decide(h.priority, store.holder, store.candidates(hosts), now).move();
        switch (move) {
            case ACQUIRE -> {
                if (store.holder.isEmpty()) {
                    store.holder = Optional.of(h.id); // compare and set
                }
                h.bound = store.holder.get().equals(h.id);
            }
            case HOLD -> h.bound = true;
            case HAND_OVER, STAND_DOWN -> {
                h.bound = false; // addresses first,
                if (store.holder.equals(Optional.of(h.id))) {
                    store.holder = Optional.empty(); // then the key
                }
            }
            case WAIT -> h.bound = false;
        }
    }

    /** kill -9: the host's addresses go with it (their lifetime runs out first), then its lease. */
    private static void kill(Host h, Store store) {
        h.alive = false;
        h.bound = false;
        if (store.holder.equals(Optional.of(h.id))) {
            store.holder = Optional.empty();
        }
    }

    private static void assertAtMostOneBound(List<Host> hosts, Store store) {
        List<String> bound = hosts.stream().filter(h -> h.bound).map(h -> h.id).toList();
        assertThat(bound).hasSizeLessThanOrEqualTo(1);
        bound.forEach(id -> assertThat(store.holder).hasValue(id));
    }
}
