package io.keepwatch.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.keepwatch.config.ConfigLoader;
import io.keepwatch.config.model.KeepalivedConfig;
import io.keepwatch.config.model.VrrpInstanceConfig;
import io.keepwatch.runtime.net.InstanceNetwork;
import io.keepwatch.vrrp.VirtualAddress;
import io.keepwatch.vrrp.VrrpEvent;
import io.keepwatch.vrrp.VrrpState;
import java.net.InetAddress;
import java.time.Clock;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A backup's Master_Down_Timer handled late (the VRRP thread stalled past its deadline, as on a
 * host whose CPUs are all busy) while the master's advert already waits, in the socket or in the
 * loop's queue: the loop hands the advert over first and the backup stays BACKUP. With nothing
 * waiting, the same late timer still makes it master. A replay on a clock of the test's own.
 */
class LateMasterDownTimerTest {

    private static final long MS = 1_000_000;
    private static final InetAddress MASTER = InetAddress.ofLiteral("192.0.2.1");

    private final ManualTicker clock = new ManualTicker(1_000 * MS);
    private final VrrpLoop loop = new VrrpLoop(clock);
    private final List<String> vips = new CopyOnWriteArrayList<>();
    /** Adverts the kernel holds in the socket, by their receive stamps: the loop's look hands them over. */
    private final Queue<Long> socket = new ConcurrentLinkedQueue<>();
    /** Adverts of priority 50 that arrive while the loop looks: the clock moves on to their stamps. */
    private final Queue<Long> arrivingWhileLooking = new ConcurrentLinkedQueue<>();
    private InstanceRuntime backup;

    @AfterEach
    void stopLoop() throws InterruptedException {
        loop.close();
    }

    /** Priority 100, advert_int 0.01: Master_Down_Interval 3 * 10 ms + Skew_Time 6.09 ms. */
    private void startBackup() throws InterruptedException {
        KeepalivedConfig config = ConfigLoader.loadString("backup.conf", """
                vrrp_instance VI_1 {
                    state BACKUP
                    interface eth0
                    virtual_router_id 51
                    priority 100
                    version 3
                    advert_int 0.01
                    virtual_ipaddress {
                        192.0.2.10/24
                    }
                }
                """).config().orElseThrow();
        VrrpInstanceConfig instance = config.instances().getFirst();
        InstanceNetwork network = new InstanceNetwork() {
            @Override
            public void sendAdvert(int priority) { }

            @Override
            public void addVip(VirtualAddress vip) {
                vips.add(vip.toString());
            }

            @Override
            public void removeVip(VirtualAddress vip) {
                vips.remove(vip.toString());
            }

            @Override
            public void announce(List<VirtualAddress> addresses, int repeat) { }
        };
        backup = new InstanceRuntime(instance, InstanceSpecs.from(instance, config, InetAddress.ofLiteral("192.0.2.2")),
                loop, network, t -> { }, Clock.systemUTC());
        loop.beforeTimers(() -> {
            for (Long stamp = socket.poll(); stamp != null; stamp = socket.poll()) {
                long received = stamp;
                loop.offer(() -> backup.deliver(advert(), loop.eventTime(received)));
            }
            for (Long stamp = arrivingWhileLooking.poll(); stamp != null; stamp = arrivingWhileLooking.poll()) {
                clock.set(stamp);
                long received = loop.now();
                loop.offer(() -> backup.deliver(new VrrpEvent.AdvertReceived(MASTER, 50, 1, false),
                        loop.eventTime(received)));
            }
        });
        loop.start();
        onLoop(() -> backup.deliver(VrrpEvent.START, loop.now()));
        assertThat(backup.state()).isEqualTo(VrrpState.BACKUP);
    }

    private static VrrpEvent.AdvertReceived advert() {
        return new VrrpEvent.AdvertReceived(MASTER, 150, 1, false);
    }

    /**
     * Runs {@code task} on the loop and waits until the loop has fired what the task left due: a
     * probe timer due at the task's end fires after every earlier deadline.
     */
    private void onLoop(Runnable task) throws InterruptedException {
        CountDownLatch done = new CountDownLatch(1);
        VrrpLoop.Timed probe = now -> done.countDown();
        loop.execute(() -> {
            task.run();
            loop.schedule(probe, clock.get());
        });
        assertThat(done.await(10, TimeUnit.SECONDS)).as("loop task and its timers ran").isTrue();
    }

    @Test
    void anAdvertTheKernelHeldWhenTheLateTimerFellDueKeepsTheBackup() throws Exception {
        startBackup();
        long started = clock.get();

        onLoop(() -> {
            socket.add(started + 30 * MS);   // the master's advert arrived in time...
            clock.set(started + 60 * MS);    // ...but the VRRP thread runs only now, past the deadline
        });

        assertThat(socket).as("the loop looked at the socket").isEmpty();
        assertThat(backup.state()).isEqualTo(VrrpState.BACKUP);
        assertThat(vips).isEmpty();
    }

    @Test
    void anAdvertAlreadyQueuedForTheLoopRunsBeforeTheLateTimer() throws Exception {
        startBackup();
        long started = clock.get();

        onLoop(() -> {
            long received = started + 30 * MS;
            loop.offer(() -> backup.deliver(advert(), loop.eventTime(received)));
            clock.set(started + 60 * MS);
        });

        assertThat(backup.state()).isEqualTo(VrrpState.BACKUP);
        assertThat(vips).isEmpty();
    }

    @Test
    void withNothingWaitingTheLateTimerStillTakesOver() throws Exception {
        startBackup();
        long started = clock.get();

        onLoop(() -> clock.set(started + 60 * MS));

        assertThat(backup.state()).isEqualTo(VrrpState.MASTER);
        assertThat(vips).containsExactly("192.0.2.10/24");
    }

    @Test
    void theAdvertRestartsTheTimerSoASilentMasterIsStillReplaced() throws Exception {
        startBackup();
        long started = clock.get();
        onLoop(() -> {
            socket.add(started + 30 * MS);
            clock.set(started + 60 * MS);
        });
        assertThat(backup.state()).isEqualTo(VrrpState.BACKUP);

        onLoop(() -> clock.set(started + 60 * MS + 37 * MS)); // Master_Down_Interval after it, nothing heard

        assertThat(backup.state()).isEqualTo(VrrpState.MASTER);
    }

    /**
     * An advert that the look finds after the moment the timer was handled, and that does not
     * restart it (a lower priority, which a preempting backup ignores): the timer still fires, at a
     * time no earlier than the advert's, and the backup takes over.
     */
    @Test
    void aLowerPriorityAdvertFoundWhileLookingLeavesTheTimerToFire() throws Exception {
        startBackup();
        long started = clock.get();

        onLoop(() -> {
            arrivingWhileLooking.add(started + 61 * MS);
            clock.set(started + 60 * MS);
        });

        assertThat(arrivingWhileLooking).as("the loop looked at the socket").isEmpty();
        assertThat(backup.state()).isEqualTo(VrrpState.MASTER);
        assertThat(vips).containsExactly("192.0.2.10/24");
    }
}
