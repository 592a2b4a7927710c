package io.keepwatch.plugins.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.keepwatch.testing.Deadline;
import io.keepwatch.testing.RequiresNetns;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The lab the etcd scenarios stand on, proved before it judges keepwatch: the 3-member cluster
 * comes up, elects again when its leader is killed and keeps serving with a member cut from its
 * peers (which itself stops serving); a keepwatch host can be cut from etcd and still reach its
 * peer; and the observer fails a trial in which the VIP was on two hosts at once.
 */
@RequiresNetns
class EtcdLabIT {

    private static final Duration WAIT = Duration.ofSeconds(20);
    /** One lab for the class: its faults are undone by each test, and it takes seconds to build. */
    private static EtcdLab lab;

    @BeforeAll
    static void build() throws Exception {
        lab = EtcdLab.create("etcdlab", 2);
    }

    @AfterAll
    static void tearDown() throws Exception {
        if (lab != null) {
            lab.close();
        }
    }

    @Test
    void theClusterElectsAgainWhenItsLeaderIsKilledAndServesWithoutAnIsolatedMember() throws Exception {
        EtcdCluster etcd = lab.etcd();
        EtcdCluster.Member first = etcd.members().getFirst();
        assertThat(etcd.put(first, "/lab/k", "v1")).as(etcd.logs()).isTrue();

        EtcdCluster.Member leader = etcd.killLeader();
        EtcdCluster.Member next = etcd.awaitLeader(List.of(leader), WAIT);
        assertThat(next).isNotEqualTo(leader);
        Deadline.await("a write through the new leader", WAIT, () -> put(etcd, next, "/lab/k", "v2"));
        assertThat(etcd.get(next, "/lab/k")).contains("v2");
        etcd.restart(leader);
        assertThat(etcd.get(leader, "/lab/k")).as("the restarted member caught up").contains("v2");

        EtcdCluster.Member isolated = etcd.members().stream().filter(m -> !m.equals(next)).findFirst().orElseThrow();
        EtcdCluster.Member majority = etcd.members().stream().filter(m -> !m.equals(isolated)).findFirst().orElseThrow();
        etcd.isolate(isolated);
        Deadline.await("a write through the majority", WAIT, () -> put(etcd, majority, "/lab/k", "v3"));
        assertThat(etcd.put(isolated, "/lab/k", "minority")).as("the isolated member cannot commit").isFalse();
        etcd.heal(isolated);
        etcd.awaitHealthy(etcd.members(), WAIT);
        // The refused write may still commit once the member rejoins (a timed-out request is not a
        // failed one): what must hold is that every member then serves one value.
        assertThat(etcd.get(isolated, "/lab/k")).isEqualTo(etcd.get(majority, "/lab/k"));
    }

    @Test
    void aHostCutFromEtcdStillReachesItsPeer() throws Exception {
        EtcdLab.Host k1 = lab.host(1);
        EtcdCluster.Member e1 = lab.etcd().members().getFirst();
        assertThat(lab.reaches(k1, e1)).isTrue();
        lab.cutFromEtcd(k1);
        assertThat(lab.reaches(k1, e1)).isFalse();
        assertThat(lab.reachesPeer(k1, lab.host(2))).isTrue();
        lab.reconnectToEtcd(k1);
        assertThat(lab.reaches(k1, e1)).isTrue();
    }

    @Test
    void theObserverFailsATrialInWhichTwoHostsHeldTheVip() throws Exception {
        VipObserver observer = lab.observer();
        EtcdLab.Host k1 = lab.host(1);
        EtcdLab.Host k2 = lab.host(2);
        String vip = EtcdLab.VIP.getHostAddress() + "/24";

        Instant handover = observer.mark("a clean handover");
        k1.ns().addAddress("eth0", vip);
        observer.awaitHeldBy(Set.of("k1"), handover, WAIT);
        k1.ns().exec("ip", "addr", "del", vip, "dev", "eth0");
        observer.awaitNoHolder(WAIT);
        k2.ns().addAddress("eth0", vip);
        observer.awaitHeldBy(Set.of("k2"), handover, WAIT);
        observer.assertNeverTwoHolders();

        observer.mark("the VIP added by hand on both hosts");
        k1.ns().addAddress("eth0", vip);
        Deadline.await("k1 and k2 both seen holding", WAIT, () -> observer.holders().equals(Set.of("k1", "k2")));
        k1.ns().exec("ip", "addr", "del", vip, "dev", "eth0");
        observer.awaitHeldBy(Set.of("k2"), handover, WAIT);
        assertThatThrownBy(observer::assertNeverTwoHolders).isInstanceOf(AssertionError.class)
                .hasMessageContaining("k1 gained the VIP while [k2, k1] held it")
                .hasMessageContaining("-- the VIP added by hand on both hosts")
                .hasMessageContaining("k1 - VIP");
        k2.ns().exec("ip", "addr", "del", vip, "dev", "eth0");
        observer.awaitNoHolder(WAIT);
    }

    private static boolean put(EtcdCluster etcd, EtcdCluster.Member m, String key, String value) {
        try {
            return etcd.put(m, key, value);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
