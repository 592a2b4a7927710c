package io.keepwatch.witness.etcd;

import static org.assertj.core.api.Assertions.assertThat;

import io.keepwatch.plugin.api.Witness;
import io.keepwatch.plugin.api.WitnessException;
import io.keepwatch.plugin.api.WitnessException.Kind;
import io.keepwatch.plugin.api.WitnessSession;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * A three-member etcd cluster on loopback whose leader is killed (SIGKILL) under a session that holds
 * a key: the session goes on through another member, or says UNREACHABLE while the cluster elects,
 * and LOST only once etcd dropped its lease; a second session never gets the key while the first may
 * still believe it holds it; the watch, streaming from the killed member, comes back by itself.
 */
class EtcdLeaderLossTest {

    private static final Duration PATIENCE = Duration.ofSeconds(20);

    @Test
    void killingTheLeaderNeverLetsTwoSessionsHoldTheKey() throws Exception {
        try (EtcdCluster cluster = EtcdCluster.start(3, EtcdCluster.FAST_ELECTION); Witnesses witnesses = new Witnesses()) {
            EtcdCluster.Member leader = awaitLeader(cluster);
            // The leader first: requests and the watch's stream go to it until it dies.
            List<String> endpoints = new ArrayList<>(List.of(leader.clientUrl));
            cluster.endpoints().stream().filter(e -> !e.equals(leader.clientUrl)).forEach(endpoints::add);
            Witness witness = witnesses.create("endpoints " + String.join(" ", endpoints), "ttl 10", "timeout 3", "prefix /lab");
            WitnessSession holder = witness.open("lb1");
            WitnessSession rival = witness.open("lb2");
            assertThat(holder.acquire("VI_1")).isTrue();
            AtomicInteger watchCalls = new AtomicInteger();
            witnesses.closing(witness.watch("VI_1", watchCalls::incrementAndGet));
            EtcdCluster.await(PATIENCE, () -> watchCalls.get() >= 1, "the watch established");

            cluster.kill(leader);
            int callsAtKill = watchCalls.get();

            boolean lost = false;
            boolean renewedAfterKill = false;
            long deadline = System.nanoTime() + PATIENCE.toNanos();
            while (!renewedAfterKill && !lost && System.nanoTime() - deadline < 0) {
                try {
                    holder.keepAlive();
                    renewedAfterKill = true;
                } catch (WitnessException e) {
                    lost = e.kind() == Kind.LOST;
                }
                assertNeverTwoHolders(holder, rival);
            }
            assertThat(renewedAfterKill || lost).as("the session renewed through another member, or was lost").isTrue();
            if (renewedAfterKill) {
                assertThat(witness.holder("VI_1")).contains("lb1");
                assertThat(holder.acquire("VI_1")).isTrue();
            } else {
                // Lost: etcd dropped the lease, so the key is free for the rival, and only now.
                EtcdCluster.await(PATIENCE, () -> tryAcquire(rival), "the rival to take the freed key");
            }
            // The watch left the dead member and calls again once re-established.
            EtcdCluster.await(PATIENCE, () -> watchCalls.get() > callsAtKill, "the watch re-established");
            int callsBefore = watchCalls.get();
            rival.stand("VI_1", 50);
            EtcdCluster.await(PATIENCE, () -> watchCalls.get() > callsBefore, "a change seen by the new stream");
        }
    }

    /** The rival may take the key only after the holder's last validUntil has passed. */
    private static void assertNeverTwoHolders(WitnessSession holder, WitnessSession rival) {
        long holderValidUntil = holder.validUntilNanos();
        if (tryAcquire(rival)) {
            assertThat(System.nanoTime() - holderValidUntil)
                    .as("the rival got the key while the holder still counted on it").isPositive();
        }
    }

    private static boolean tryAcquire(WitnessSession session) {
        try {
            return session.acquire("VI_1");
        } catch (WitnessException e) {
            return false;
        }
    }

    private static EtcdCluster.Member awaitLeader(EtcdCluster cluster) {
        EtcdCluster.Member[] leader = new EtcdCluster.Member[1];
        EtcdCluster.await(PATIENCE, () -> (leader[0] = cluster.leader()) != null, "a leader");
        return leader[0];
    }
}
