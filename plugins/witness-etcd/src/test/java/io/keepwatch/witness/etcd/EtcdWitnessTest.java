package io.keepwatch.witness.etcd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.keepwatch.plugin.api.Witness;
import io.keepwatch.plugin.api.WitnessCandidate;
import io.keepwatch.plugin.api.WitnessException;
import io.keepwatch.plugin.api.WitnessException.Kind;
import io.keepwatch.plugin.api.WitnessSession;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;

/** The etcd witness against one real etcd member on loopback. */
class EtcdWitnessTest {

    private static final Duration PATIENCE = Duration.ofSeconds(20);

    private static EtcdCluster etcd;
    private final Witnesses witnesses = new Witnesses();
    private String prefix;

    @BeforeAll
    static void startEtcd() throws IOException {
        etcd = EtcdCluster.start(1, EtcdCluster.DEFAULT_ELECTION);
    }

    @AfterAll
    static void stopEtcd() {
        if (etcd != null) {
            etcd.close();
        }
    }

    @BeforeEach
    void prefix(TestInfo test) {
        // Every test under its own prefix: no test sees another's keys.
        prefix = "/test/" + test.getTestMethod().orElseThrow().getName();
    }

    @AfterEach
    void close() throws Exception {
        witnesses.close();
    }

    private Witness witness(String... more) {
        String[] lines = new String[more.length + 2];
        lines[0] = "endpoints " + etcd.endpoints().getFirst();
        lines[1] = "prefix " + prefix;
        System.arraycopy(more, 0, lines, 2, more.length);
        return witnesses.create(lines);
    }

    @Test
    void aKeyIsHeldByOneSessionAtATimeAndReleasedToTheNext() throws Exception {
        Witness witness = witness("ttl 10", "timeout 6");
        WitnessSession a = witness.open("lb1");
        WitnessSession b = witness.open("lb2");

        assertThat(a.acquire("VI_1")).isTrue();
        assertThat(b.acquire("VI_1")).isFalse();
        assertThat(a.acquire("VI_1")).as("acquiring a key already held is idempotent").isTrue();
        assertThat(witness.holder("VI_1")).contains("lb1");
        assertThat(b.acquire("VI_2")).as("other keys are free").isTrue();

        b.release("VI_1");
        assertThat(witness.holder("VI_1")).as("releasing another's key does nothing").contains("lb1");

        a.release("VI_1");
        assertThat(witness.holder("VI_1")).isEmpty();
        assertThat(b.acquire("VI_1")).isTrue();
        assertThat(a.acquire("VI_1")).isFalse();
        assertThat(witness.holder("VI_1")).contains("lb2");
    }

    @Test
    void aSessionOfTheSameHolderCannotTakeTheKeyOfAnother() throws Exception {
        Witness witness = witness("ttl 10", "timeout 6");
        WitnessSession first = witness.open("lb1");
        WitnessSession second = witness.open("lb1");
        assertThat(first.acquire("VI_1")).isTrue();
        assertThat(second.acquire("VI_1")).as("the key is the first session's lease's, not the holder's").isFalse();
        second.release("VI_1");
        assertThat(witness.holder("VI_1")).contains("lb1");
    }

    @Test
    void closingASessionRevokesItsLeaseAndFreesItsKeys() throws Exception {
        Witness witness = witness("ttl 30", "timeout 6");
        WitnessSession a = witness.open("lb1");
        a.acquire("VI_1");
        a.stand("VI_1", 100);
        a.close();
        assertThat(witness.holder("VI_1")).isEmpty();
        assertThat(witness.candidates("VI_1")).isEmpty();
        assertThat(witness.open("lb2").acquire("VI_1")).isTrue();
    }

    @Test
    void aSessionNotKeptAliveIsLostAndItsKeyGoesOnlyAfterItsValidUntil() throws Exception {
        Witness witness = witness("ttl 2", "timeout 1.5");
        WitnessSession a = witness.open("lb1");
        WitnessSession b = witness("ttl 20", "timeout 6").open("lb2");
        assertThat(a.acquire("VI_1")).isTrue();
        long validUntil = a.validUntilNanos();

        EtcdCluster.await(PATIENCE, () -> acquired(b, "VI_1"), "lb2 to get VI_1 once lb1's lease expired");
        assertThat(System.nanoTime() - validUntil)
                .as("etcd gave the key away only after the instant lb1 was told it held it until")
                .isPositive();

        assertThatThrownBy(a::keepAlive).isInstanceOf(WitnessException.class)
                .extracting(e -> ((WitnessException) e).kind()).isEqualTo(Kind.LOST);
        assertThatThrownBy(() -> a.acquire("VI_1")).isInstanceOf(WitnessException.class)
                .extracting(e -> ((WitnessException) e).kind()).isEqualTo(Kind.LOST);
        assertThat(witness.holder("VI_1")).contains("lb2");
    }

    @Test
    void aSessionKeptAliveOutlivesItsFirstTtl() throws Exception {
        Witness witness = witness("ttl 3", "timeout 2");
        WitnessSession a = witness.open("lb1");
        assertThat(a.acquire("VI_1")).isTrue();
        long firstValidUntil = a.validUntilNanos();
        long previous = firstValidUntil;
        int renewals = 0;
        // Renew until well past the lease's first expiry: the key must still be lb1's. A renewal that
        // times out on a loaded machine is retried, as keepwatch would; only LOST fails.
        while (System.nanoTime() - (firstValidUntil + Duration.ofSeconds(1).toNanos()) < 0) {
            try {
                long next = a.keepAlive();
                assertThat(next).isGreaterThanOrEqualTo(previous).isEqualTo(a.validUntilNanos());
                previous = next;
                renewals++;
            } catch (WitnessException e) {
                assertThat(e.kind()).as(e.getMessage()).isEqualTo(Kind.UNREACHABLE);
            }
            TimeUnit.MILLISECONDS.sleep(200); // the renewal cadence, not a wait for a condition
        }
        assertThat(renewals).isPositive();
        assertThat(witness.holder("VI_1")).contains("lb1");
        assertThat(a.acquire("VI_1")).isTrue();
    }

    @Test
    void etcdGrantsItsMinimumTtlAndTheSessionUsesIt() throws Exception {
        // With etcd's default Raft timing its minimum TTL is 2 s: asked for 1, it grants 2.
        long before = System.nanoTime();
        EtcdSession a = (EtcdSession) witness("ttl 1", "timeout 0.9").open("lb1");
        assertThat(a.grantedTtl()).isEqualTo(2);
        assertThat(a.validUntilNanos() - before).isGreaterThanOrEqualTo(Duration.ofSeconds(2).toNanos());
        assertThat(a.keepAlive() - before).isGreaterThanOrEqualTo(Duration.ofSeconds(2).toNanos());
    }

    @Test
    void candidaciesArePublishedUpdatedAndWithdrawn() throws Exception {
        Witness witness = witness("ttl 10", "timeout 6");
        WitnessSession a = witness.open("lb1");
        WitnessSession b = witness.open("lb2");
        a.stand("VI_1", 100);
        b.stand("VI_1", 150);
        b.stand("VI_2", 10);
        assertThat(witness.candidates("VI_1"))
                .containsExactlyInAnyOrder(new WitnessCandidate("lb1", 100), new WitnessCandidate("lb2", 150));
        a.stand("VI_1", 200);
        b.withdraw("VI_1");
        assertThat(witness.candidates("VI_1")).containsExactly(new WitnessCandidate("lb1", 200));
        assertThat(witness.candidates("VI_2")).containsExactly(new WitnessCandidate("lb2", 10));
        assertThat(witness.holder("VI_1")).as("a candidacy is not a hold").isEmpty();
    }

    @Test
    void theWatchFiresWhenItStartsAndOnHolderAndCandidateChanges() throws Exception {
        Witness witness = witness("ttl 10", "timeout 6");
        WitnessSession a = witness.open("lb1");
        WitnessSession b = witness.open("lb2");
        AtomicInteger calls = new AtomicInteger();
        witnesses.closing(witness.watch("VI_1", calls::incrementAndGet));
        EtcdCluster.await(PATIENCE, () -> calls.get() >= 1, "the watch's first call, once established");

        int before = calls.get();
        assertThat(a.acquire("VI_1")).isTrue();
        EtcdCluster.await(PATIENCE, () -> calls.get() > before, "a call for the new holder");

        int beforeStand = calls.get();
        b.stand("VI_1", 120);
        EtcdCluster.await(PATIENCE, () -> calls.get() > beforeStand, "a call for the new candidacy");

        int beforeRelease = calls.get();
        a.release("VI_1");
        EtcdCluster.await(PATIENCE, () -> calls.get() > beforeRelease, "a call for the released hold");
    }

    @Test
    void aClosedWatchCallsNoMore() throws Exception {
        Witness witness = witness("ttl 10", "timeout 6");
        WitnessSession a = witness.open("lb1");
        AtomicInteger calls = new AtomicInteger();
        var watch = witness.watch("VI_1", calls::incrementAndGet);
        AtomicInteger other = new AtomicInteger();
        witnesses.closing(witness.watch("VI_1", other::incrementAndGet));
        EtcdCluster.await(PATIENCE, () -> calls.get() >= 1 && other.get() >= 1, "both watches established");
        watch.close();
        int afterClose = calls.get();
        int otherBefore = other.get();
        a.acquire("VI_1");
        // The other watch seeing the change shows it was delivered; the closed one got nothing.
        EtcdCluster.await(PATIENCE, () -> other.get() > otherBefore, "the open watch's call");
        assertThat(calls.get()).isEqualTo(afterClose);
    }

    @Test
    void anEndpointThatRefusesOrHangsIsPassedOverForTheNext() throws Exception {
        try (ServerSocket hanging = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            // Accepted by the kernel, never answered: a member that is up but stuck.
            int refused = EtcdCluster.freePorts(1)[0];
            Witness witness = witnesses.create(
                    "endpoints http://127.0.0.1:" + refused + " http://127.0.0.1:" + hanging.getLocalPort() + " "
                            + etcd.endpoints().getFirst(),
                    "prefix " + prefix, "ttl 10", "timeout 4");
            WitnessSession a = witness.open("lb1");
            assertThat(a.acquire("VI_1")).isTrue();
            assertThat(witness.holder("VI_1")).contains("lb1");
            a.keepAlive();
        }
    }

    @Test
    void noEndpointAnsweringIsUnreachableWithinTheTimeout() throws Exception {
        try (ServerSocket hanging = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            int refused = EtcdCluster.freePorts(1)[0];
            Witness witness = witnesses.create(
                    "endpoints http://127.0.0.1:" + refused + " http://127.0.0.1:" + hanging.getLocalPort(),
                    "ttl 3", "timeout 0.5");
            long start = System.nanoTime();
            assertThatThrownBy(() -> witness.open("lb1")).isInstanceOf(WitnessException.class)
                    .extracting(e -> ((WitnessException) e).kind()).isEqualTo(Kind.UNREACHABLE);
            assertThatThrownBy(() -> witness.holder("VI_1")).isInstanceOf(WitnessException.class)
                    .extracting(e -> ((WitnessException) e).kind()).isEqualTo(Kind.UNREACHABLE);
            // Bounded by the timeout, not by a connection's default (loose: CI may be slow).
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(8));
        }
    }

    private static boolean acquired(WitnessSession session, String key) {
        try {
            return session.acquire(key);
        } catch (WitnessException e) {
            throw new AssertionError(e);
        }
    }

}
