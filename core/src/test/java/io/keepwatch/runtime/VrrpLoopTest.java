package io.keepwatch.runtime;

import io.keepwatch.plugins.Ticker;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class VrrpLoopTest {

    @Test
    void tasksRunInSubmissionOrderOnTheLoopThread() throws Exception {
        List<String> seen = new CopyOnWriteArrayList<>();
        CountDownLatch done = new CountDownLatch(1);
        try (VrrpLoop loop = new VrrpLoop(Ticker.system())) {
            loop.start();
            for (int i = 0; i < 100; i++) {
                int n = i;
                loop.execute(() -> seen.add(n + "@" + Thread.currentThread().getName()));
            }
            loop.execute(done::countDown);
            assertThat(done.await(5, TimeUnit.SECONDS)).isTrue();
        }
        assertThat(seen).hasSize(100);
        for (int i = 0; i < 100; i++) {
            assertThat(seen.get(i)).isEqualTo(i + "@keepwatch-vrrp");
        }
    }

    @Test
    void aDeadlineFiresWithTheTimeAtOrAfterIt() throws Exception {
        CountDownLatch fired = new CountDownLatch(1);
        long[] firedAt = new long[1];
        long[] deadline = new long[1];
        try (VrrpLoop loop = new VrrpLoop(Ticker.system())) {
            loop.start();
            VrrpLoop.Timed owner = now -> {
                firedAt[0] = now;
                fired.countDown();
            };
            loop.execute(() -> {
                deadline[0] = loop.now() + TimeUnit.MILLISECONDS.toNanos(20);
                loop.schedule(owner, deadline[0]);
            });
            assertThat(fired.await(5, TimeUnit.SECONDS)).isTrue();
        }
        assertThat(firedAt[0]).isGreaterThanOrEqualTo(deadline[0]);
    }

    @Test
    void anEventKeepsTheTimeItWasStampedWithUnlessTheLoopHasHandedOutALaterOne() throws Exception {
        ManualTicker clock = new ManualTicker(1_000);
        long[] times = new long[3];
        CountDownLatch done = new CountDownLatch(1);
        try (VrrpLoop loop = new VrrpLoop(clock)) {
            loop.start();
            long stampedEarly = loop.now();          // a reader stamps an advert at 1000
            clock.set(5_000);
            loop.execute(() -> {
                times[0] = loop.eventTime(stampedEarly); // nothing later handed out yet: 1000
                times[1] = loop.now();                   // a timer handled meanwhile: 5000
                times[2] = loop.eventTime(stampedEarly); // never before 5000 now
                done.countDown();
            });
            assertThat(done.await(5, TimeUnit.SECONDS)).isTrue();
        }
        assertThat(times).containsExactly(1_000, 5_000, 5_000);
    }

    @Test
    void eventTimeIsForTheLoopThreadOnly() throws Exception {
        try (VrrpLoop loop = new VrrpLoop(Ticker.system())) {
            loop.start();
            assertThatThrownBy(() -> loop.eventTime(0)).isInstanceOf(IllegalStateException.class);
        }
    }

    @Test
    void runSoonRunsOnTheCallerWhenTheLoopIsIdleAndTheLoopHonoursTheDeadlinesItSets() throws Exception {
        CountDownLatch fired = new CountDownLatch(1);
        CountDownLatch parked = new CountDownLatch(1);
        String[] ranOn = new String[1];
        Thread[] vrrp = new Thread[1];
        try (VrrpLoop loop = new VrrpLoop(Ticker.system())) {
            loop.start();
            VrrpLoop.Timed far = now -> { };
            loop.execute(() -> {
                loop.schedule(far, loop.now() + TimeUnit.HOURS.toNanos(1)); // the loop now waits an hour
                vrrp[0] = Thread.currentThread();
                parked.countDown();
            });
            assertThat(parked.await(5, TimeUnit.SECONDS)).isTrue();
            awaitWaiting(vrrp[0]);
            loop.runSoon(() -> {
                ranOn[0] = Thread.currentThread().getName();
                loop.schedule(now -> fired.countDown(), loop.now() + TimeUnit.MILLISECONDS.toNanos(20));
            });
            assertThat(ranOn[0]).isEqualTo(Thread.currentThread().getName());
            assertThat(fired.await(5, TimeUnit.SECONDS)).as("the deadline set by runSoon fired").isTrue();
        }
    }

    @Test
    void runSoonQueuesWhenTheLoopIsBusy() throws Exception {
        CountDownLatch busy = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch ran = new CountDownLatch(1);
        String[] ranOn = new String[1];
        try (VrrpLoop loop = new VrrpLoop(Ticker.system())) {
            loop.start();
            loop.execute(() -> {
                busy.countDown();
                awaitQuietly(release);
            });
            assertThat(busy.await(5, TimeUnit.SECONDS)).isTrue();
            loop.runSoon(() -> {
                ranOn[0] = Thread.currentThread().getName();
                ran.countDown();
            });
            assertThat(ran.getCount()).as("not run on the caller while the loop works").isEqualTo(1);
            release.countDown();
            assertThat(ran.await(5, TimeUnit.SECONDS)).isTrue();
        }
        assertThat(ranOn[0]).isEqualTo("keepwatch-vrrp");
    }

    @Test
    void runSoonFromAVirtualThreadRunsOnTheLoopThread() throws Exception {
        CountDownLatch ran = new CountDownLatch(1);
        String[] ranOn = new String[1];
        CountDownLatch parked = new CountDownLatch(1);
        Thread[] vrrp = new Thread[1];
        try (VrrpLoop loop = new VrrpLoop(Ticker.system())) {
            loop.start();
            loop.execute(() -> {
                loop.schedule(now -> { }, loop.now() + TimeUnit.HOURS.toNanos(1));
                vrrp[0] = Thread.currentThread();
                parked.countDown();
            });
            assertThat(parked.await(5, TimeUnit.SECONDS)).isTrue();
            awaitWaiting(vrrp[0]);
            // an idle loop: a platform caller would run the task itself, a virtual one must not
            // (engine actions wait on netlink, which refuses virtual threads)
            Thread.ofVirtual().start(() -> loop.runSoon(() -> {
                ranOn[0] = Thread.currentThread().getName();
                ran.countDown();
            })).join();
            assertThat(ran.await(5, TimeUnit.SECONDS)).isTrue();
        }
        assertThat(ranOn[0]).isEqualTo("keepwatch-vrrp");
    }

    /** Until the loop thread waits for work (it owns nothing then). */
    private static void awaitWaiting(Thread vrrp) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (vrrp.getState() != Thread.State.TIMED_WAITING) { // in its timed poll for the next task
            assertThat(System.nanoTime() - deadline).as("loop thread idle in time").isNegative();
            Thread.onSpinWait();
        }
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Test
    void aFailingTaskDoesNotStopTheLoop() throws Exception {
        CountDownLatch after = new CountDownLatch(1);
        try (VrrpLoop loop = new VrrpLoop(Ticker.system())) {
            loop.start();
            loop.execute(() -> {
                throw new IllegalStateException("boom (expected by the test)");
            });
            loop.execute(after::countDown);
            assertThat(after.await(5, TimeUnit.SECONDS)).isTrue();
        }
    }

    @Test
    void engineStateIsGuardedAgainstOtherThreads() throws Exception {
        try (VrrpLoop loop = new VrrpLoop(Ticker.system())) {
            loop.start();
            assertThatThrownBy(() -> loop.schedule(now -> {}, 0))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("only tasks and timers of the VRRP loop");
        }
    }

    @Test
    void stopRunsPendingTasksThenRefusesNewOnes() throws Exception {
        CountDownLatch pending = new CountDownLatch(1);
        VrrpLoop loop = new VrrpLoop(Ticker.system());
        loop.start();
        loop.execute(pending::countDown);
        assertThat(loop.stop(5, TimeUnit.SECONDS)).isTrue();
        assertThat(pending.getCount()).isZero();
        assertThatThrownBy(() -> loop.execute(() -> {})).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void anEventOfferedAfterStopIsDroppedNotRefused() throws Exception {
        VrrpLoop loop = new VrrpLoop(Ticker.system());
        loop.start();
        CountDownLatch ran = new CountDownLatch(1);
        assertThat(loop.offer(ran::countDown)).isTrue();
        assertThat(loop.stop(5, TimeUnit.SECONDS)).isTrue();
        assertThat(ran.getCount()).isZero();
        assertThat(loop.offer(() -> { throw new AssertionError("ran after stop"); })).isFalse();
    }
}
