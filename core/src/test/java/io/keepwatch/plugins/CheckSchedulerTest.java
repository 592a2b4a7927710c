package io.keepwatch.plugins;

import static org.assertj.core.api.Assertions.assertThat;

import io.keepwatch.plugin.api.CheckResult;
import io.keepwatch.plugin.api.HealthCheck;
import io.keepwatch.plugin.api.HealthCheckSettings;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class CheckSchedulerTest {

    record Change(String name, boolean up, String message) {}

    private final LinkedBlockingQueue<Change> changes = new LinkedBlockingQueue<>();
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

    private CheckScheduler scheduler(Duration overrun) {
        return new CheckScheduler(Ticker.system(), (n, up, m) -> changes.add(new Change(n, up, m)), registry, overrun);
    }

    private static HealthCheckSettings every(long millis, long timeoutMillis, int rise, int fall, boolean initFail) {
        return new HealthCheckSettings(Duration.ofMillis(millis), Duration.ofMillis(timeoutMillis), rise, fall, 0, initFail);
    }

    private Change next() throws InterruptedException {
        Change c = changes.poll(10, TimeUnit.SECONDS);
        assertThat(c).as("a tracker change within 10 s").isNotNull();
        return c;
    }

    @Test
    void throwingCheckCountsDownWithTheReason() throws Exception {
        try (var s = scheduler(Duration.ofMillis(100))) {
            s.add("boom", timeout -> {
                throw new IllegalStateException("no backend");
            }, every(50, 500, 1, 1, false));
            s.start();
            assertThat(next()).isEqualTo(new Change("boom", false,
                    "check failed: java.lang.IllegalStateException: no backend"));
        }
        assertThat(registry.find("keepwatch.check.runs").tag("check", "boom").tag("result", "error").counter().count())
                .isGreaterThanOrEqualTo(1);
    }

    @Test
    void hungCheckIsDownAndNeverDelaysAnother() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger fastRuns = new AtomicInteger();
        try (var s = scheduler(Duration.ofMillis(50))) {
            // Ignores interruption and its timeout entirely.
            s.add("hung", timeout -> {
                while (release.getCount() > 0) {
                    try {
                        release.await();
                    } catch (InterruptedException ignored) {
                        // keeps hanging
                    }
                }
                return CheckResult.up("late");
            }, every(100, 200, 1, 1, false));
            s.add("fast", timeout -> {
                fastRuns.incrementAndGet();
                return CheckResult.up("ok");
            }, every(20, 500, 1, 1, false));
            s.start();
            Change first = next();
            Change second = next();
            assertThat(List.of(first, second)).containsExactlyInAnyOrder(new Change("fast", true, "ok"),
                    new Change("hung", false, "timed out after 0.2s"));
            int before = fastRuns.get();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (fastRuns.get() < before + 10) {
                assertThat(System.nanoTime()).as("the fast check keeps running").isLessThan(deadline);
                Thread.sleep(5);
            }
            assertThat(s.state("hung")).contains(false);
        } finally {
            release.countDown();
        }
    }

    @Test
    void aHungRunIsNotStartedTwice() throws Exception {
        AtomicInteger started = new AtomicInteger();
        CountDownLatch release = new CountDownLatch(1);
        try (var s = scheduler(Duration.ofMillis(10))) {
            s.add("hung", timeout -> {
                started.incrementAndGet();
                while (release.getCount() > 0) {
                    try {
                        release.await();
                    } catch (InterruptedException ignored) {
                        // keeps hanging
                    }
                }
                return CheckResult.up("late");
            }, every(20, 20, 1, 1, false));
            s.start();
            assertThat(next().up()).isFalse();
            Thread.sleep(200); // let several slots pass: none may start a second run
            assertThat(started.get()).isEqualTo(1);
        } finally {
            release.countDown();
        }
    }

    @Test
    void scheduleIsAbsoluteSoRunTimeAddsNoDrift() throws Exception {
        List<Long> starts = new CopyOnWriteArrayList<>();
        try (var s = scheduler(Duration.ofMillis(100))) {
            s.add("slowish", timeout -> {
                starts.add(System.nanoTime());
                Thread.sleep(30);
                return CheckResult.up("ok");
            }, every(100, 500, 1, 1, false));
            s.start();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (starts.size() < 11) {
                assertThat(System.nanoTime()).isLessThan(deadline);
                Thread.sleep(10);
            }
        }
        // Ten intervals of 100 ms, each run taking 30 ms: with drift this would be >= 1300 ms.
        // The margins absorb scheduling jitter of the first and the eleventh start on a busy machine.
        long span = (starts.get(10) - starts.get(0)) / 1_000_000;
        assertThat(span).isBetween(900L, 1_250L);
    }

    @Test
    void initFailReportsDownAtStartThenRisesAfterRiseSuccesses() throws Exception {
        AtomicInteger runs = new AtomicInteger();
        try (var s = scheduler(Duration.ofMillis(100))) {
            s.add("web", timeout -> {
                runs.incrementAndGet();
                return CheckResult.up("ok");
            }, every(20, 500, 3, 1, true));
            s.start();
            assertThat(next()).isEqualTo(new Change("web", false, "init_fail: assumed down until it succeeds"));
            assertThat(next()).isEqualTo(new Change("web", true, "ok"));
            assertThat(runs.get()).isGreaterThanOrEqualTo(3);
        }
    }

    @Test
    void closeStopsAndClosesChecks() throws Exception {
        AtomicInteger runs = new AtomicInteger();
        CountDownLatch closed = new CountDownLatch(1);
        HealthCheck check = new HealthCheck() {
            @Override
            public CheckResult check(Duration timeout) {
                runs.incrementAndGet();
                return CheckResult.up("ok");
            }

            @Override
            public void close() {
                closed.countDown();
            }
        };
        var s = scheduler(Duration.ofMillis(100));
        s.add("c", check, every(10, 100, 1, 1, false));
        s.start();
        next();
        s.close();
        assertThat(closed.await(1, TimeUnit.SECONDS)).isTrue();
        int after = runs.get();
        Thread.sleep(100);
        assertThat(runs.get()).isLessThanOrEqualTo(after + 1);
    }
}
