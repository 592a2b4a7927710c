package io.keepwatch.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.keepwatch.config.ConfigLoader;
import io.keepwatch.config.model.KeepalivedConfig;
import io.keepwatch.config.model.VrrpInstanceConfig;
import io.keepwatch.plugins.Ticker;
import io.keepwatch.runtime.net.InstanceNetwork;
import io.keepwatch.testing.Deadline;
import io.keepwatch.vrrp.VirtualAddress;
import io.keepwatch.vrrp.VrrpEvent;
import io.keepwatch.vrrp.VrrpState;
import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * split_brain_heal on a simulated segment that drops multicast: an advert reaches the other host
 * only as a unicast copy. Two masters that notice each other elect one (RFC 5798 6.4.3), and the
 * winner's copies keep the loser BACKUP; the healer acts only on a MASTER multicast instance that
 * heals and knows the other host's address.
 */
class SplitBrainHealerTest {

    private static final InetAddress VIP = InetAddress.ofLiteral("192.0.2.100");

    private final VrrpLoop loop = new VrrpLoop(Ticker.system());
    private final Map<InetAddress, Host> segment = new LinkedHashMap<>();

    @AfterEach
    void stopLoop() throws InterruptedException {
        loop.close();
    }

    /** One keepwatch host on the segment: its instance, its healer, and what its network did. */
    private final class Host implements InstanceNetwork {
        final InetAddress address;
        final InstanceRuntime runtime;
        final SplitBrainHealer healer;
        final Map<InetAddress, Long> healPeers = new ConcurrentHashMap<>();
        final List<String> calls = new CopyOnWriteArrayList<>();
        final List<Transition> transitions = new CopyOnWriteArrayList<>();
        volatile boolean holdsVip;

        Host(String address, String instanceBody) {
            this.address = InetAddress.ofLiteral(address);
            KeepalivedConfig config = ConfigLoader.loadString("heal.conf", "vrrp_instance VI_1 {\n" + instanceBody
                    + "\ninterface eth0\nvirtual_router_id 51\nversion 3\nadvert_int 1\n"
                    + "virtual_ipaddress {\n192.0.2.100/24\n}\n}\n").config().orElseThrow();
            VrrpInstanceConfig instance = config.instances().getFirst();
            AtomicReference<InstanceRuntime> self = new AtomicReference<>();
            this.healer = new SplitBrainHealer(name -> self.get());
            RuntimeObserver observer = new RuntimeObserver() {
                @Override
                public void transition(Transition transition) {
                    transitions.add(transition);
                    healer.transition(transition);
                }
            };
            this.runtime = new InstanceRuntime(instance, InstanceSpecs.from(instance, config, this.address), loop,
                    this, t -> { }, Clock.systemUTC(), observer);
            self.set(runtime);
            segment.put(this.address, this);
        }

        /** Multicast is dropped: only the unicast copies reach a host, and only one that hears them. */
        @Override
        public void sendAdvert(int priority) {
            calls.add("advert " + priority);
            for (InetAddress peer : List.copyOf(healPeers.keySet())) {
                healPeers.merge(peer, 1L, Long::sum);
                Host other = segment.get(peer);
                if (other != null && other.runtime.config().splitBrainHeal().on()) {
                    var advert = new VrrpEvent.AdvertReceived(address, priority, 100, false);
                    loop.offer(() -> other.runtime.deliver(advert, loop.now()));
                }
            }
        }

        @Override
        public void addVip(VirtualAddress vip) {
            holdsVip = true;
        }

        @Override
        public void removeVip(VirtualAddress vip) {
            holdsVip = false;
        }

        @Override
        public void announce(List<VirtualAddress> vips, int repeat) {
        }

        @Override
        public boolean healWith(InetAddress peer) {
            calls.add("heal with " + peer.getHostAddress());
            return healPeers.putIfAbsent(peer, 0L) == null;
        }

        @Override
        public Map<InetAddress, Long> stopHealing() {
            calls.add("stop healing");
            Map<InetAddress, Long> dropped = Map.copyOf(healPeers);
            healPeers.clear();
            return dropped;
        }

        /** What the conflict watch reports on this host: {@code other} holds our VIP. */
        AddressConflict conflictWith(Optional<Host> other) {
            return new AddressConflict("VI_1", "eth0", 51, VIP, "02:00:00:00:00:99",
                    other.map(h -> h.address), Instant.now());
        }

        void noticeConflict(Optional<Host> other) throws InterruptedException {
            onLoop(() -> healer.conflictNoticed(conflictWith(other)));
        }

        /** The state its last transition entered, as the listeners heard it. */
        VrrpState state() {
            return transitions.isEmpty() ? VrrpState.INIT : transitions.getLast().to();
        }
    }

    private void onLoop(Runnable task) throws InterruptedException {
        CountDownLatch done = new CountDownLatch(1);
        loop.execute(() -> {
            task.run();
            done.countDown();
        });
        assertThat(done.await(10, TimeUnit.SECONDS)).as("loop task ran").isTrue();
    }

    private void start(Host... hosts) throws InterruptedException {
        loop.start();
        for (Host host : hosts) {
            onLoop(() -> host.runtime.deliver(VrrpEvent.START, loop.now()));
        }
    }

    private static void awaitState(Host host, VrrpState state) throws InterruptedException {
        Deadline.await(host.address.getHostAddress() + " in " + state, Duration.ofSeconds(20),
                () -> host.state() == state);
    }

    @Test
    void twoMastersThatNoticeEachOtherElectOneAndTheLoserStaysBackup() throws Exception {
        Host high = new Host("192.0.2.1", "state MASTER\npriority 150");
        Host low = new Host("192.0.2.2", "state MASTER\npriority 100");
        start(high, low);
        awaitState(high, VrrpState.MASTER);
        awaitState(low, VrrpState.MASTER); // split brain: neither hears the other's multicast

        high.noticeConflict(Optional.of(low));
        low.noticeConflict(Optional.of(high));

        awaitState(low, VrrpState.BACKUP);
        assertThat(low.holdsVip).isFalse();
        assertThat(low.calls).contains("stop healing");
        assertThat(low.healPeers).isEmpty();
        int transitions = high.transitions.size() + low.transitions.size();
        // longer than the backup's Master_Down_Interval (3 s + skew) twice over: the winner's copies keep it BACKUP
        Deadline quiet = Deadline.after(Duration.ofSeconds(8));
        long copiesBefore = high.healPeers.get(low.address);
        while (!quiet.passed()) {
            quiet.pause();
        }
        assertThat(high.transitions.size() + low.transitions.size()).as("no transition after the election")
                .isEqualTo(transitions);
        assertThat(high.state()).isEqualTo(VrrpState.MASTER);
        assertThat(low.state()).isEqualTo(VrrpState.BACKUP);
        assertThat(high.holdsVip).isTrue();
        assertThat(high.healPeers.get(low.address)).as("the winner keeps sending its copies").isGreaterThan(copiesBefore);
    }

    @Test
    void nothingIsSentBeforeTheOtherHostsAddressIsKnown() throws Exception {
        Host high = new Host("192.0.2.1", "state MASTER\npriority 150");
        start(high);
        awaitState(high, VrrpState.MASTER);

        high.noticeConflict(Optional.empty());

        assertThat(high.calls).noneMatch(c -> c.startsWith("heal with"));
    }

    @Test
    void aBackupDoesNotHeal() throws Exception {
        Host backup = new Host("192.0.2.2", "state BACKUP\npriority 100");
        Host master = new Host("192.0.2.1", "state MASTER\npriority 150");
        start(backup);

        backup.noticeConflict(Optional.of(master));

        assertThat(backup.state()).isEqualTo(VrrpState.BACKUP);
        assertThat(backup.calls).noneMatch(c -> c.startsWith("heal with"));
    }

    @Test
    void anInstanceWithHealingOffOrUnicastPeersDoesNotHeal() throws Exception {
        Host off = new Host("192.0.2.1", "state MASTER\npriority 150\nsplit_brain_heal off");
        Host unicast = new Host("192.0.2.3", "state MASTER\npriority 150\nunicast_peer {\n192.0.2.4\n}");
        Host other = new Host("192.0.2.2", "state MASTER\npriority 100");
        start(off, unicast);
        awaitState(off, VrrpState.MASTER);
        awaitState(unicast, VrrpState.MASTER);

        off.noticeConflict(Optional.of(other));
        unicast.noticeConflict(Optional.of(other));

        assertThat(off.calls).noneMatch(c -> c.startsWith("heal with"));
        assertThat(unicast.calls).noneMatch(c -> c.startsWith("heal with"));
    }

    @Test
    void leavingMasterEndsTheCopies() throws Exception {
        Host high = new Host("192.0.2.1", "state MASTER\npriority 150");
        Host low = new Host("192.0.2.2", "state MASTER\npriority 100");
        start(high);
        awaitState(high, VrrpState.MASTER);
        high.noticeConflict(Optional.of(low));
        assertThat(high.healPeers).containsKey(low.address);

        onLoop(() -> high.runtime.deliver(VrrpEvent.SHUTDOWN, loop.now()));

        assertThat(high.healPeers).isEmpty();
        assertThat(high.calls).containsSubsequence("heal with 192.0.2.2", "advert 0", "stop healing");
    }
}
