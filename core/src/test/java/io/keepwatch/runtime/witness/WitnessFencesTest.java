package io.keepwatch.runtime.witness;

import static org.assertj.core.api.Assertions.assertThat;

import io.keepwatch.config.ConfigLoader;
import io.keepwatch.config.model.VrrpInstanceConfig;
import io.keepwatch.runtime.net.InstanceNetwork;
import io.keepwatch.vrrp.VirtualAddress;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The fence of a {@code witness NAME} instance on the VRRP thread, driven with a clock of the test's
 * own: addresses bound only with the key under a live session and with a kernel lifetime that ends
 * before the lease can, given up at the session's deadline, the key released after the addresses.
 */
class WitnessFencesTest {

    static final long S = 1_000_000_000L;
    static final Duration TTL = Duration.ofSeconds(3);
    static final VirtualAddress VIP = new VirtualAddress(InetAddress.ofLiteral("192.0.2.1"), 24);

    long now = 1_000 * S;
    long wake = Long.MAX_VALUE;
    final List<String> log = new ArrayList<>();
    final List<String> followed = new ArrayList<>();

    final WitnessFences fences = new WitnessFences(new WitnessFences.Loop() {
        @Override
        public long now() {
            return now;
        }

        @Override
        public void wakeAt(long deadlineNanos) {
            wake = deadlineNanos;
        }
    }, (tracker, up, message) -> log.add(tracker + (up ? " up" : " down")), new WitnessFences.Keys() {
        @Override
        public void want(String witness, String key) {
            log.add("want " + key);
        }

        @Override
        public void unwant(String witness, String key) {
            log.add("unwant " + key);
        }

        @Override
        public void follow(String witness, String key) {
            followed.add("follow " + witness + " " + key);
        }

        @Override
        public void unfollow(String witness, String key) {
            followed.add("unfollow " + witness + " " + key);
        }
    });

    final InstanceNetwork kernel = new InstanceNetwork() {
        @Override
        public void sendAdvert(int priority) {
            log.add("advert " + priority);
        }

        @Override
        public void addVip(VirtualAddress vip) {
            log.add("add " + vip + " forever");
        }

        @Override
        public void addVip(VirtualAddress vip, long seconds) {
            log.add("add " + vip + " for " + seconds + " s");
        }

        @Override
        public void removeVip(VirtualAddress vip) {
            log.add("remove " + vip);
        }

        @Override
        public void announce(List<VirtualAddress> vips, int repeat) {
            log.add("announce " + repeat);
        }
    };

    private static VrrpInstanceConfig instance() {
        return ConfigLoader.loadString("f.conf", "vrrp_witness main {\n type x\n}\nvrrp_instance VI_1 {\n"
                + " interface eth0\n virtual_router_id 1\n witness main\n virtual_ipaddress {\n  192.0.2.1/24\n }\n}\n",
                Path.of("/nonexistent"), "n").config().orElseThrow().instances().getFirst();
    }

    private List<String> drain() {
        List<String> out = List.copyOf(log);
        log.clear();
        return out;
    }

    @Test
    void addressesAreBoundOnlyWithTheKeyAndGoBeforeTheLeaseCanEnd() throws Exception {
        InstanceNetwork network = fences.network(instance(), kernel);
        fences.renewed("main", TTL, now + TTL.toNanos());
        assertThat(drain()).containsExactly("vrrp_witness main up");

        // elected: the key is asked for, nothing bound, the GARPs wait
        network.addVip(VIP);
        network.announce(List.of(VIP), 5);
        assertThat(drain()).containsExactly("want VI_1");
        assertThat(fences.waiting("VI_1")).isTrue();

        // another holds it: still waiting
        fences.acquired("main", "VI_1", false);
        assertThat(drain()).isEmpty();

        // taken: bound for 1 s (ttl 3: floor(3 - 1 - 0.25)), then announced
        now += S / 10;
        long validUntil = now - S / 100 + TTL.toNanos();
        fences.renewed("main", TTL, validUntil);
        fences.acquired("main", "VI_1", true);
        assertThat(drain()).containsExactly("add 192.0.2.1/24 for 1 s", "announce 5");
        assertThat(fences.waiting("VI_1")).isFalse();
        // no keep-alive answers: at the last moment a second still fits under V (V - 2.25 s, less
        // 0.1 s for the loop's lateness) the lifetime is set once more, which outlasts the first
        long margin = validUntil - TTL.toNanos() / 6;
        assertThat(wake).isEqualTo(validUntil - 2_350_000_000L).isLessThan(now + S - S / 10);
        now = wake;
        fences.wake(now);
        assertThat(drain()).containsExactly("add 192.0.2.1/24 for 1 s");
        // then the addresses go before that lifetime can run out, the tracker at the margin (V - T/6)
        assertThat(wake).isEqualTo(now + S - S / 10).isLessThan(margin);
        now = wake;
        fences.wake(now);
        assertThat(drain()).containsExactly("remove 192.0.2.1/24");
        assertThat(fences.waiting("VI_1")).isTrue();
        assertThat(wake).isEqualTo(margin);
        now = wake;
        fences.wake(now);
        assertThat(drain()).containsExactly("vrrp_witness main down");
        assertThat(now).isLessThan(validUntil);

        // the engine's FAULT removes what it added: the key is given up after the address
        network.removeVip(VIP);
        assertThat(drain()).containsExactly("remove 192.0.2.1/24", "unwant VI_1");
    }

    @Test
    void aRenewalKeepsTheLifetimeGoingAndALostSessionUnbindsAtOnce() throws Exception {
        InstanceNetwork network = fences.network(instance(), kernel);
        fences.renewed("main", Duration.ofSeconds(10), now + 10 * S);
        network.addVip(VIP);
        fences.acquired("main", "VI_1", true);
        assertThat(drain()).containsExactly("vrrp_witness main up", "want VI_1", "add 192.0.2.1/24 for 8 s");

        now += 2 * S;
        fences.renewed("main", Duration.ofSeconds(10), now + 10 * S);
        assertThat(drain()).containsExactly("add 192.0.2.1/24 for 8 s");
        // the next keep-alive comes before the lifetime is set from V alone: nothing else happens
        assertThat(wake).isEqualTo(now + 10 * S - 2_350_000_000L);
        now += S;
        fences.renewed("main", Duration.ofSeconds(10), now + 10 * S);
        assertThat(drain()).containsExactly("add 192.0.2.1/24 for 8 s");

        fences.lost("main", "the store lost the session");
        assertThat(drain()).containsExactly("remove 192.0.2.1/24", "vrrp_witness main down");
        assertThat(fences.waiting("VI_1")).isTrue();
    }

    @Test
    void theKeyIsFollowedWhileTheInstanceIsFencedAndItsHolderShown() {
        List<String> published = new ArrayList<>();
        fences.onStatusChange(published::add);
        InstanceNetwork network = fences.network(instance(), kernel);
        assertThat(followed).containsExactly("follow main VI_1");
        assertThat(network.witnessHolder()).isEmpty();

        fences.holder("main", "VI_1", Optional.of("h2"));
        fences.holder("main", "VI_1", Optional.of("h2"));
        fences.holder("other", "VI_1", Optional.of("h3")); // a key of that name in another witness
        assertThat(network.witnessHolder()).contains("h2");
        assertThat(published).as("one new status per change").containsExactly("VI_1");
        assertThat(fences.waiting("VI_1")).isFalse();

        fences.holder("main", "VI_1", Optional.empty());
        assertThat(network.witnessHolder()).isEmpty();
        assertThat(published).containsExactly("VI_1", "VI_1");

        fences.forget("VI_1");
        assertThat(followed).containsExactly("follow main VI_1", "unfollow main VI_1");
        assertThat(log).isEmpty();
    }

    @Test
    void aRenewalTooLateToBindAnythingDoesNotCount() {
        fences.network(instance(), kernel);
        fences.renewed("main", TTL, now + 2 * S);
        assertThat(drain()).isEmpty();
        assertThat(fences.live("main", now)).isFalse();
    }
}
