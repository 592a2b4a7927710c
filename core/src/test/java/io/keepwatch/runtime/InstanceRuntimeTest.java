package io.keepwatch.runtime;

import io.keepwatch.plugins.Ticker;
import static org.assertj.core.api.Assertions.assertThat;

import io.keepwatch.config.ConfigLoader;
import io.keepwatch.config.model.KeepalivedConfig;
import io.keepwatch.config.model.VrrpInstanceConfig;
import io.keepwatch.runtime.net.InstanceNetwork;
import io.keepwatch.vrrp.VirtualAddress;
import io.keepwatch.vrrp.VrrpEvent;
import io.keepwatch.vrrp.VrrpState;
import java.io.IOException;
import java.net.InetAddress;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The runtime's side of an instance, against an in-memory network: the engine's actions are
 * carried out in order, one failing action does not stop the others, and the next deadline is kept
 * in the loop.
 */
class InstanceRuntimeTest {

    private static final VirtualAddress VIP1 = new VirtualAddress(InetAddress.ofLiteral("192.0.2.10"), 24);
    private static final VirtualAddress VIP2 = new VirtualAddress(InetAddress.ofLiteral("192.0.2.11"), 24);

    /** Records what the instance asked of the network; can be told to fail one address. */
    private static final class RecordingNetwork implements InstanceNetwork {
        final List<String> calls = new CopyOnWriteArrayList<>();
        final CountDownLatch secondAdvert = new CountDownLatch(2);
        VirtualAddress failing;

        @Override
        public void sendAdvert(int priority) {
            calls.add("advert " + priority);
            secondAdvert.countDown();
        }

        @Override
        public void addVip(VirtualAddress vip) throws IOException {
            calls.add("add " + vip);
            if (vip.equals(failing)) {
                throw new IOException("EPERM (Operation not permitted), as the kernel might say");
            }
        }

        @Override
        public void removeVip(VirtualAddress vip) {
            calls.add("remove " + vip);
        }

        @Override
        public void announce(List<VirtualAddress> vips, int repeat) {
            calls.add("announce " + vips + " x" + repeat);
        }
    }

    private final VrrpLoop loop = new VrrpLoop(Ticker.system());
    private final RecordingNetwork network = new RecordingNetwork();
    private final List<Transition> transitions = new CopyOnWriteArrayList<>();

    @AfterEach
    void stopLoop() throws InterruptedException {
        loop.close();
    }

    private InstanceRuntime ownerInstance() {
        KeepalivedConfig config = ConfigLoader.loadString("owner.conf", """
                vrrp_instance VI_1 {
                    state MASTER
                    interface eth0
                    virtual_router_id 51
                    priority 255
                    version 3
                    advert_int 0.05
                    virtual_ipaddress {
                        192.0.2.10/24
                        192.0.2.11/24
                    }
                }
                """).config().orElseThrow();
        VrrpInstanceConfig instance = config.instances().getFirst();
        return new InstanceRuntime(instance,
                InstanceSpecs.from(instance, config, InetAddress.ofLiteral("192.0.2.1")), loop, network,
                transitions::add, Clock.systemUTC());
    }

    private void onLoop(Runnable task) throws InterruptedException {
        CountDownLatch done = new CountDownLatch(1);
        loop.execute(() -> {
            task.run();
            done.countDown();
        });
        assertThat(done.await(5, TimeUnit.SECONDS)).as("loop task ran").isTrue();
    }

    @Test
    void becomingMasterAdvertisesAddsEveryAddressAnnouncesThemAndTellsTheListener() throws Exception {
        loop.start();
        InstanceRuntime runtime = ownerInstance();

        onLoop(() -> runtime.deliver(VrrpEvent.START, loop.now()));

        assertThat(network.calls).startsWith("advert 255", "add " + VIP1, "add " + VIP2,
                "announce [" + VIP1 + ", " + VIP2 + "] x5");
        assertThat(transitions).singleElement().satisfies(t -> {
            assertThat(t.from()).isEqualTo(VrrpState.INIT);
            assertThat(t.to()).isEqualTo(VrrpState.MASTER);
            assertThat(t.reason()).contains("address owner");
        });
    }

    @Test
    void anAddressTheKernelRefusesDoesNotStopTheOthers() throws Exception {
        loop.start();
        network.failing = VIP1;
        InstanceRuntime runtime = ownerInstance();

        onLoop(() -> runtime.deliver(VrrpEvent.START, loop.now()));

        assertThat(network.calls).contains("add " + VIP2, "announce [" + VIP1 + ", " + VIP2 + "] x5");
        assertThat(runtime.state()).isEqualTo(VrrpState.MASTER);
    }

    @Test
    void theNextAdvertComesFromTheDeadlineTheEngineReturned() throws Exception {
        loop.start();
        InstanceRuntime runtime = ownerInstance();

        onLoop(() -> runtime.deliver(VrrpEvent.START, loop.now()));

        assertThat(network.secondAdvert.await(5, TimeUnit.SECONDS)).as("a second advert after advert_int").isTrue();
    }

    @Test
    void shutdownResignsWithPriorityZeroAndReleasesTheAddresses() throws Exception {
        loop.start();
        InstanceRuntime runtime = ownerInstance();
        onLoop(() -> runtime.deliver(VrrpEvent.START, loop.now()));
        network.calls.clear();

        onLoop(() -> runtime.deliver(VrrpEvent.SHUTDOWN, loop.now()));

        assertThat(network.calls).containsSubsequence("advert 0", "remove " + VIP1, "remove " + VIP2);
        assertThat(transitions).last().satisfies(t -> assertThat(t.to()).isEqualTo(VrrpState.INIT));
    }
}
