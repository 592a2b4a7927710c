package io.keepwatch.runtime;

import io.keepwatch.plugins.Ticker;
import static org.assertj.core.api.Assertions.assertThat;

import io.keepwatch.config.ConfigLoader;
import io.keepwatch.config.model.KeepalivedConfig;
import io.keepwatch.config.model.VrrpInstanceConfig;
import io.keepwatch.runtime.net.InstanceNetwork;
import io.keepwatch.vrrp.InstanceSpec;
import io.keepwatch.vrrp.VirtualAddress;
import io.keepwatch.vrrp.VrrpEvent;
import io.keepwatch.vrrp.VrrpState;
import java.net.InetAddress;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The observer hook: what an instance publishes, and that it does so from the VRRP thread. */
class InstanceRuntimeObserverTest {

    private static final Instant NOW = Instant.parse("2026-11-25T10:00:00Z");

    private final VrrpLoop loop = new VrrpLoop(Ticker.system());
    private final List<InstanceStatus> published = new CopyOnWriteArrayList<>();
    private final List<Integer> sent = new CopyOnWriteArrayList<>();
    private final List<Transition> transitions = new CopyOnWriteArrayList<>();
    private final List<String> threads = new CopyOnWriteArrayList<>();

    private final RuntimeObserver observer = new RuntimeObserver() {
        @Override
        public void published(InstanceStatus status) {
            threads.add(Thread.currentThread().getName());
            published.add(status);
        }

        @Override
        public void advertSent(String instance, int priority) {
            sent.add(priority);
        }

        @Override
        public void transition(Transition transition) {
            transitions.add(transition);
        }
    };

    @AfterEach
    void stop() throws InterruptedException {
        loop.close();
    }

    private <T> T onLoop(Supplier<T> task) throws Exception {
        CompletableFuture<T> result = new CompletableFuture<>();
        loop.execute(() -> result.complete(task.get()));
        return result.get(5, TimeUnit.SECONDS);
    }

    private InstanceRuntime runtime() {
        KeepalivedConfig config = ConfigLoader.loadString("t.conf", """
                vrrp_script chk {
                  script "/bin/true"
                  weight -20
                }
                vrrp_instance VI_1 {
                  state BACKUP
                  interface eth0
                  virtual_router_id 51
                  priority 100
                  authentication {
                    auth_type PASS
                    auth_pass NotShown1
                  }
                  virtual_ipaddress {
                    10.0.0.100/24
                  }
                  track_script {
                    chk
                  }
                }
                """).config().orElseThrow();
        VrrpInstanceConfig instance = config.instances().getFirst();
        InstanceSpec spec = InstanceSpecs.from(instance, config, InetAddress.ofLiteral("10.0.0.1"));
        InstanceNetwork quiet = new InstanceNetwork() {
            public void sendAdvert(int priority) {}

            public void addVip(VirtualAddress vip) {}

            public void removeVip(VirtualAddress vip) {}

            public void announce(List<VirtualAddress> vips, int repeat) {}
        };
        return new InstanceRuntime(instance, spec, loop, quiet, t -> { }, Clock.fixed(NOW, ZoneOffset.UTC), observer);
    }

    @Test
    void everyEventPublishesOneSnapshotFromTheVrrpThread() throws Exception {
        loop.start();
        InstanceRuntime runtime = runtime();
        InetAddress peer = InetAddress.ofLiteral("10.0.0.2");
        int snapshots = onLoop(() -> {
            runtime.deliver(VrrpEvent.START, loop.now());
            runtime.deliver(new VrrpEvent.AdvertReceived(peer, 120, 100, false), loop.now());
            runtime.deliver(new VrrpEvent.TrackerChanged("chk", false), loop.now());
            return published.size(); // counted in the same task, so no timer can add one
        });

        assertThat(snapshots).as("snapshots published for three events").isEqualTo(3);
        assertThat(threads).isNotEmpty().allMatch("keepwatch-vrrp"::equals);
        InstanceStatus last = published.getLast();
        assertThat(last.name()).isEqualTo("VI_1");
        assertThat(last.state()).isEqualTo(VrrpState.BACKUP);
        assertThat(last.basePriority()).isEqualTo(100);
        assertThat(last.effectivePriority()).isEqualTo(80);
        assertThat(last.authType()).isEqualTo("PASS");
        assertThat(last.toString()).doesNotContain("NotShown1");
        assertThat(last.peers()).singleElement().satisfies(p -> {
            assertThat(p.address()).isEqualTo(peer);
            assertThat(p.priority()).isEqualTo(120);
            assertThat(p.lastAdvert()).isEqualTo(NOW);
        });
        assertThat(last.trackers()).singleElement().satisfies(t -> {
            assertThat(t.name()).isEqualTo("chk");
            assertThat(t.up()).isFalse();
            assertThat(t.reported()).isTrue();
        });
        assertThat(last.recentTransitions()).extracting(Transition::to).containsExactly(VrrpState.BACKUP);
        assertThat(transitions).hasSize(1);
    }

    @Test
    void aMasterCountsItsAdvertsAndItsResignation() throws Exception {
        loop.start();
        InstanceRuntime runtime = runtime();
        onLoop(() -> {
            runtime.deliver(VrrpEvent.START, loop.now());
            // the master resigned: priority 0 makes a backup take over after Skew_Time
            runtime.deliver(new VrrpEvent.AdvertReceived(InetAddress.ofLiteral("10.0.0.2"), 0, 100, false),
                    loop.now());
            return null;
        });
        io.keepwatch.testing.Deadline.await("MASTER", java.time.Duration.ofSeconds(5),
                () -> !published.isEmpty() && published.getLast().state() == VrrpState.MASTER);
        onLoop(() -> {
            runtime.deliver(VrrpEvent.SHUTDOWN, loop.now());
            return null;
        });
        assertThat(sent).first().isEqualTo(100);
        assertThat(sent).last().isEqualTo(0);
        assertThat(published.getLast().state()).isEqualTo(VrrpState.INIT);
        assertThat(published.getLast().recentTransitions()).extracting(Transition::to)
                .containsExactly(VrrpState.BACKUP, VrrpState.MASTER, VrrpState.INIT);
    }

    @Test
    void peersHeardAreBounded() throws Exception {
        loop.start();
        InstanceRuntime runtime = runtime();
        onLoop(() -> {
            runtime.deliver(VrrpEvent.START, loop.now());
            for (int i = 2; i < 2 + 40; i++) {
                runtime.deliver(new VrrpEvent.AdvertReceived(InetAddress.ofLiteral("10.0.1." + i), 100, 100, false),
                        loop.now());
            }
            return null;
        });
        assertThat(published.getLast().peers()).hasSize(InstanceStatus.MAX_PEERS)
                .extracting(p -> p.address().getHostAddress()).contains("10.0.1.41").doesNotContain("10.0.1.2");
    }

    @Test
    void onlyTheLastTenTransitionsAreKept() throws Exception {
        loop.start();
        InstanceRuntime runtime = runtime();
        onLoop(() -> {
            runtime.deliver(VrrpEvent.START, loop.now());
            for (int i = 0; i < 12; i++) {
                runtime.deliver(new VrrpEvent.LinkChanged("eth0", false), loop.now());
                runtime.deliver(new VrrpEvent.LinkChanged("eth0", true), loop.now());
            }
            return null;
        });
        assertThat(published.getLast().recentTransitions()).hasSize(InstanceStatus.RECENT_TRANSITIONS);
        assertThat(transitions).hasSize(25);
    }
}
