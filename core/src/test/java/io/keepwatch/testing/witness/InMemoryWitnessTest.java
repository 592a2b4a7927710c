package io.keepwatch.testing.witness;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.keepwatch.plugin.api.WitnessCandidate;
import io.keepwatch.plugin.api.WitnessException;
import io.keepwatch.plugin.api.WitnessSession;
import io.keepwatch.testing.Deadline;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The in-memory witness keeps the SPI's contract: exclusive keys, leases that expire, sessions lost. */
class InMemoryWitnessTest {

    @Test
    void keysAreExclusiveAndGoWithTheirLease() throws Exception {
        try (InMemoryStore store = new InMemoryStore()) {
            InMemoryWitness a = new InMemoryWitness(store, Duration.ofMillis(300));
            InMemoryWitness b = new InMemoryWitness(store, Duration.ofSeconds(30));
            WitnessSession sa = a.open("a");
            WitnessSession sb = b.open("b");
            AtomicInteger changes = new AtomicInteger();
            b.watch("VI_1", changes::incrementAndGet);
            assertThat(sa.validUntilNanos()).isLessThanOrEqualTo(System.nanoTime() + Duration.ofMillis(300).toNanos());

            assertThat(sa.acquire("VI_1")).isTrue();
            assertThat(sa.acquire("VI_1")).as("already its own").isTrue();
            assertThat(sb.acquire("VI_1")).isFalse();
            assertThat(b.holder("VI_1")).contains("a");
            sb.stand("VI_1", 90);
            assertThat(a.candidates("VI_1")).containsExactly(new WitnessCandidate("b", 90));

            // a stops renewing: its lease expires, the key with it, and the watch hears of it
            Deadline deadline = Deadline.after(Duration.ofSeconds(10));
            while (b.holder("VI_1").isPresent()) {
                assertThat(deadline.passed()).isFalse();
                deadline.pause();
            }
            assertThat(catchThrowableOfType(WitnessException.class, sa::keepAlive).kind())
                    .isEqualTo(WitnessException.Kind.LOST);
            assertThat(store.expiredAt("a")).isPresent();
            assertThat(sb.acquire("VI_1")).isTrue();
            assertThat(changes.get()).isPositive();

            sb.close();
            assertThat(a.holder("VI_1")).isEmpty();
        }
    }

    @Test
    void aHostCutFromTheStoreCannotReachIt() throws Exception {
        try (InMemoryStore store = new InMemoryStore()) {
            InMemoryWitness a = new InMemoryWitness(store, Duration.ofSeconds(30));
            WitnessSession s = a.open("a");
            a.reachable(false);
            assertThat(catchThrowableOfType(WitnessException.class, s::keepAlive).kind())
                    .isEqualTo(WitnessException.Kind.UNREACHABLE);
            a.reachable(true);
            assertThat(s.keepAlive()).isGreaterThan(System.nanoTime());
        }
    }
}
