package io.keepwatch.vrrp;

import static org.assertj.core.api.Assertions.assertThat;

import io.keepwatch.vrrp.Election.Candidate;
import io.keepwatch.vrrp.Election.Move;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ElectionTest {

    private static final long T0 = 1_000_000_000L;
    private static final long SECOND = 1_000_000_000L;

    private static Election election(String self) {
        return new Election(self, true, Duration.ZERO);
    }

    @Test
    void theBestCandidateAcquiresAFreeKeyAndTheOthersWait() {
        List<Candidate> standing = List.of(new Candidate("a", 100), new Candidate("b", 150), new Candidate("c", 120));

        assertThat(election("b").decide(150, Optional.empty(), standing, T0).move()).isEqualTo(Move.ACQUIRE);
        assertThat(election("a").decide(100, Optional.empty(), standing, T0).move()).isEqualTo(Move.WAIT);
        assertThat(election("c").decide(120, Optional.empty(), standing, T0).move()).isEqualTo(Move.WAIT);
    }

    @Test
    void equalPrioritiesGoToTheGreaterIdentity() {
        List<Candidate> standing = List.of(new Candidate("host-a", 100), new Candidate("host-b", 100));

        assertThat(election("host-b").decide(100, Optional.empty(), standing, T0).move()).isEqualTo(Move.ACQUIRE);
        assertThat(election("host-a").decide(100, Optional.empty(), standing, T0).move()).isEqualTo(Move.WAIT);
    }

    @Test
    void aHostCountsItsOwnPriorityOverWhatTheStoreStillLists() {
        List<Candidate> standing = List.of(new Candidate("a", 200), new Candidate("b", 150));

        assertThat(election("a").decide(90, Optional.empty(), standing, T0).move()).isEqualTo(Move.WAIT);
        assertThat(election("b").decide(150, Optional.empty(), List.of(new Candidate("b", 150)), T0).move())
                .isEqualTo(Move.ACQUIRE);
    }

    @Test
    void aHolderHandsOverToAStrictlyHigherCandidateOnly() {
        Election a = election("a");

        assertThat(a.decide(100, Optional.of("a"), List.of(new Candidate("b", 100)), T0).move()).isEqualTo(Move.HOLD);
        Election.Decision d = a.decide(100, Optional.of("a"), List.of(new Candidate("b", 101)), T0);
        assertThat(d.move()).isEqualTo(Move.HAND_OVER);
        assertThat(d.reason()).contains("b").contains("101");
    }

    @Test
    void nopreemptKeepsTheKey() {
        Election a = new Election("a", false, Duration.ZERO);

        Election.Decision d = a.decide(50, Optional.of("a"), List.of(new Candidate("b", 250)), T0);

        assertThat(d.move()).isEqualTo(Move.HOLD);
        assertThat(d.recheckAt()).isEmpty();
    }

    @Test
    void preemptDelayCountsFromTheFirstSightOfAHigherCandidate() {
        Election a = new Election("a", true, Duration.ofSeconds(5));
        List<Candidate> higher = List.of(new Candidate("b", 200));

        Election.Decision first = a.decide(100, Optional.of("a"), higher, T0);
        Election.Decision still = a.decide(100, Optional.of("a"), higher, T0 + 4 * SECOND);
        Election.Decision due = a.decide(100, Optional.of("a"), higher, T0 + 5 * SECOND);

        assertThat(first.move()).isEqualTo(Move.HOLD);
        assertThat(first.recheckAt()).hasValue(T0 + 5 * SECOND);
        assertThat(still.move()).isEqualTo(Move.HOLD);
        assertThat(still.recheckAt()).hasValue(T0 + 5 * SECOND);
        assertThat(due.move()).isEqualTo(Move.HAND_OVER);
    }

    @Test
    void preemptDelayStartsAgainWhenTheHigherCandidateWentAway() {
        Election a = new Election("a", true, Duration.ofSeconds(5));

        a.decide(100, Optional.of("a"), List.of(new Candidate("b", 200)), T0);
        a.decide(100, Optional.of("a"), List.of(), T0 + 3 * SECOND);
        Election.Decision again = a.decide(100, Optional.of("a"), List.of(new Candidate("b", 200)), T0 + 6 * SECOND);

        assertThat(again.move()).isEqualTo(Move.HOLD);
        assertThat(again.recheckAt()).hasValue(T0 + 11 * SECOND);
    }

    @Test
    void priorityZeroStandsDownWhetherHoldingOrNot() {
        assertThat(election("a").decide(0, Optional.of("a"), List.of(), T0).move()).isEqualTo(Move.STAND_DOWN);
        assertThat(election("a").decide(0, Optional.empty(), List.of(), T0).move()).isEqualTo(Move.STAND_DOWN);
    }

    @Test
    void aKeyHeldByAnotherIsWaitedForWhateverThePriorities() {
        Election.Decision d = election("a").decide(255, Optional.of("b"), List.of(new Candidate("b", 1)), T0);

        assertThat(d.move()).isEqualTo(Move.WAIT);
        assertThat(d.reason()).contains("held by b");
    }

    @Test
    void candidatesAtPriorityZeroDoNotCount() {
        List<Candidate> standing = List.of(new Candidate("z", 0));

        assertThat(election("a").decide(1, Optional.empty(), standing, T0).move()).isEqualTo(Move.ACQUIRE);
    }
}
