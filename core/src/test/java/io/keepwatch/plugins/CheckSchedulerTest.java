package io.keepwatch.plugins;

import static org.assertj.core.api.Assertions.assertThat;

import io.keepwatch.plugin.api.CheckResult;
import io.keepwatch.plugin.api.HealthCheck;
import io.keepwatch.plugin.api.HealthCheckSettings;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.distribution.CountAtBucket;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
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
    void theLogNamesThePluginOfACheckThatThrowsOrIsAbandoned() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        java.io.PrintStream original = System.err;
        java.io.ByteArrayOutputStream log = new java.io.ByteArrayOutputStream();
        System.setErr(new java.io.PrintStream(log, true, java.nio.charset.StandardCharsets.UTF_8));
        try (var s = scheduler(Duration.ofMillis(50))) {
            // Lambdas, as plugins often return them: their class names say nothing of the plugin.
            s.add("boom", timeout -> {
                throw new IllegalStateException("no backend");
            }, every(60_000, 500, 1, 1, false), "plugin acme 1.2.3");
            s.add("hung", timeout -> {
                release.await();
                return CheckResult.up("late");
            }, every(60_000, 200, 1, 1, false), "plugin acme 1.2.3");
            s.start();
            assertThat(List.of(next(), next())).extracting(Change::message).containsExactlyInAnyOrder(
                    "check failed: java.lang.IllegalStateException: no backend",
                    "no result 0.05s after its timeout of 0.2s: run abandoned");
        } finally {
            release.countDown();
            System.setErr(original);
            original.print(log.toString(java.nio.charset.StandardCharsets.UTF_8));
        }
        assertThat(log.toString(java.nio.charset.StandardCharsets.UTF_8))
                .contains("check boom (plugin acme 1.2.3) threw; counted as down until it stops: "
                        + "java.lang.IllegalStateException: no backend")
                .contains("check hung (plugin acme 1.2.3) no result 0.05s after its timeout of 0.2s: run abandoned");
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
            assertThat(runs("boom", "error")).isGreaterThanOrEqualTo(1);
        }
    }

    @Test
    void runStateIsIdleRunningThenAbandoned() throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        try (var s = scheduler(Duration.ofMillis(200))) {
            s.add("hung", timeout -> {
                started.countDown();
                while (release.getCount() > 0) {
                    try {
                        release.await();
                    } catch (InterruptedException ignored) {
                        // overstays its interruption too
                    }
                }
                return CheckResult.up("late");
            }, every(60_000, 300, 1, 1, false));
            s.add("quick", timeout -> CheckResult.up("ok"), every(60_000, 300, 1, 1, false));
            s.start();
            assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();
            assertThat(runState("hung")).as("running").isEqualTo(1);
            io.keepwatch.testing.Deadline.await("hung abandoned at its timeout", Duration.ofSeconds(10),
                    () -> runState("hung") == 2);
            io.keepwatch.testing.Deadline.await("quick idle", Duration.ofSeconds(10),
                    () -> s.state("quick").isPresent() && runState("quick") == 0);
            release.countDown();
            io.keepwatch.testing.Deadline.await("hung idle once it ended", Duration.ofSeconds(10),
                    () -> runState("hung") == 0);
        }
    }

    private double runState(String check) {
        return registry.find(CheckScheduler.RUN_STATE_GAUGE).tag("check", check).gauge().value();
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
                    new Change("hung", false, "no result 0.05s after its timeout of 0.2s: run abandoned"));
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

    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as(what).isLessThan(deadline);
            Thread.sleep(5);
        }
    }

    private double upGauge(String check) {
        return registry.get("keepwatch.check.up").tag("check", check).gauge().value();
    }

    private double runs(String check, String result) {
        return registry.get("keepwatch.check.runs").tag("check", check).tag("result", result).counter().count();
    }

    @Test
    void upGaugeIsUnknownUntilTheFirstResultThenFollowsTheState() throws Exception {
        CountDownLatch firstRun = new CountDownLatch(1);
        AtomicBoolean healthy = new AtomicBoolean(true);
        try (var s = scheduler(Duration.ofMillis(100))) {
            s.add("web", timeout -> {
                firstRun.await();
                return healthy.get() ? CheckResult.up("ok") : CheckResult.down("503");
            }, every(20, 5_000, 1, 1, false));
            s.start();
            assertThat(upGauge("web")).as("before any result").isNaN();
            firstRun.countDown();
            assertThat(next().up()).isTrue();
            assertThat(upGauge("web")).isEqualTo(1.0);
            healthy.set(false);
            assertThat(next().up()).isFalse();
            assertThat(upGauge("web")).isEqualTo(0.0);
            assertThat(runs("web", "down")).isGreaterThanOrEqualTo(1);
            assertThat(runs("web", "up")).isGreaterThanOrEqualTo(1);
        }
    }

    @Test
    void upGaugeStartsAtZeroWithInitFail() {
        try (var s = scheduler(Duration.ofMillis(100))) {
            s.add("db", timeout -> CheckResult.up("ok"), every(60_000, 1_000, 1, 1, true));
            assertThat(upGauge("db")).isEqualTo(0.0);
        }
    }

    @Test
    void durationTimerRecordsEveryRunWithAHistogramBoundedByTheTimeout() throws Exception {
        try (var s = scheduler(Duration.ofMillis(100))) {
            s.add("slow", timeout -> {
                Thread.sleep(15);
                return CheckResult.up("ok");
            }, every(30, 400, 1, 1, false));
            s.start();
            await("five runs", () -> runs("slow", "up") >= 5);
            Timer duration = registry.get("keepwatch.check.duration").tag("check", "slow").timer();
            assertThat(duration.count()).isGreaterThanOrEqualTo(4);
            assertThat(duration.max(TimeUnit.MILLISECONDS)).isGreaterThanOrEqualTo(15);
            assertThat(duration.mean(TimeUnit.MILLISECONDS)).isGreaterThanOrEqualTo(15);
            // one snapshot for both numbers: runs go on while the test reads
            var snapshot = duration.takeSnapshot();
            CountAtBucket[] buckets = snapshot.histogramCounts();
            List<Double> bounds = java.util.Arrays.stream(buckets).map(b -> b.bucket(TimeUnit.MILLISECONDS)).toList();
            assertThat(bounds).as("an SLO bucket at the timeout").contains(400.0);
            assertThat(buckets[bounds.indexOf(400.0)].count()).as("every run within the timeout")
                    .isEqualTo(snapshot.count());
        }
    }

    @Test
    void anAbandonedRunIsTimedOnceAndCountedAsTimeout() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        try (var s = scheduler(Duration.ofMillis(30))) {
            s.add("hung", timeout -> {
                while (release.getCount() > 0) {
                    try {
                        release.await();
                    } catch (InterruptedException ignored) {
                        // keeps hanging
                    }
                }
                return CheckResult.up("late");
            }, every(5_000, 50, 1, 1, false));
            s.start();
            assertThat(next().up()).isFalse();
            Timer duration = registry.get("keepwatch.check.duration").tag("check", "hung").timer();
            await("the abandoned run is timed", () -> duration.count() == 1);
            assertThat(duration.max(TimeUnit.MILLISECONDS)).isGreaterThanOrEqualTo(80);
            assertThat(runs("hung", "timeout")).isEqualTo(1);
            release.countDown();
            Thread.sleep(50); // the late finish must not be timed a second time
            assertThat(duration.count()).isEqualTo(1);
            assertThat(runs("hung", "up")).isZero();
        } finally {
            release.countDown();
        }
    }

    @Test
    void lagTimerRecordsHowLateEachRunStarted() throws Exception {
        // A clock whose sleeps oversleep by 7 ms: every run starts at least 7 ms after its slot.
        long late = TimeUnit.MILLISECONDS.toNanos(7);
        Ticker lateTicker = new Ticker() {
            @Override
            public long nanoTime() {
                return System.nanoTime();
            }

            @Override
            public void sleepUntil(long deadlineNanos) throws InterruptedException {
                Ticker.system().sleepUntil(deadlineNanos + late);
            }
        };
        AtomicInteger ran = new AtomicInteger();
        try (var s = new CheckScheduler(lateTicker, (n, up, m) -> { }, registry, Duration.ofMillis(100))) {
            s.add("a", timeout -> {
                ran.incrementAndGet();
                return CheckResult.up("ok");
            }, every(200, 500, 1, 1, false));
            s.add("b", timeout -> CheckResult.up("ok"), every(200, 500, 1, 1, false));
            s.start();
            await("four runs of a", () -> ran.get() >= 4);
        }
        Timer lag = registry.get(CheckScheduler.LAG_TIMER).timer();
        assertThat(lag.getId().getTags()).as("one timer for all checks").isEmpty();
        assertThat(lag.count()).isGreaterThanOrEqualTo(ran.get());
        assertThat(lag.mean(TimeUnit.NANOSECONDS)).isGreaterThanOrEqualTo(late);
        // Measured from the first slot instead, four runs would average at least 300 ms.
        assertThat(lag.mean(TimeUnit.MILLISECONDS)).as("each run's own slot is the reference")
                .isLessThan(200);
    }

    @Test
    void closeRemovesThePerCheckMeters() {
        var s = scheduler(Duration.ofMillis(100));
        s.add("gone", timeout -> CheckResult.up("ok"), every(60_000, 1_000, 1, 1, false));
        s.start();
        assertThat(registry.find("keepwatch.check.up").tag("check", "gone").gauge()).isNotNull();
        s.close();
        assertThat(registry.find("keepwatch.check.up").gauge()).isNull();
        assertThat(registry.find("keepwatch.check.runs").counters()).isEmpty();
        assertThat(registry.find("keepwatch.check.duration").timers()).isEmpty();
        var again = scheduler(Duration.ofMillis(100));
        again.add("gone", timeout -> CheckResult.down("no"), every(60_000, 1_000, 1, 1, true));
        assertThat(upGauge("gone")).as("a new scheduler's gauge reads its own state").isEqualTo(0.0);
        again.close();
    }

    @Test
    void prometheusNamesAndBoundedHistograms() throws Exception {
        PrometheusMeterRegistry prometheus = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        try (var s = new CheckScheduler(Ticker.system(), (n, up, m) -> { }, prometheus, Duration.ofMillis(500))) {
            s.add("web", timeout -> {
                Thread.sleep(12);
                return CheckResult.up("ok");
            }, every(20, 1_000, 1, 1, false));
            s.start();
            await("three runs", () -> prometheus.get("keepwatch.check.duration").timer().count() >= 3);
            String text = prometheus.scrape();
            assertThat(text).contains("keepwatch_check_up{check=\"web\"} 1.0");
            assertThat(text).contains("keepwatch_check_runs_total{check=\"web\",result=\"up\"}");
            assertThat(text).contains("keepwatch_check_runs_total{check=\"web\",result=\"timeout\"} 0.0");
            assertThat(text).contains("keepwatch_check_duration_seconds_count{check=\"web\"}");
            assertThat(text).contains("keepwatch_check_duration_seconds_bucket{check=\"web\",le=\"1.0\"}");
            assertThat(text).contains("keepwatch_check_lag_seconds_bucket{le=");
            List<Double> bounds = text.lines()
                    .filter(l -> l.startsWith("keepwatch_check_duration_seconds_bucket{check=\"web\""))
                    .map(l -> l.replaceAll(".*le=\"([^\"]+)\".*", "$1"))
                    .filter(le -> !le.equals("+Inf")).map(Double::valueOf).toList();
            assertThat(bounds).as("from 1 ms to timeout + overrun").allMatch(b -> b >= 0.001 && b <= 1.5);
            // Every bucket is a series per check: the bound keeps thousands of checks scrapeable.
            assertThat(bounds).hasSizeBetween(5, 50);
            List<Double> under10ms = text.lines()
                    .filter(l -> l.startsWith("keepwatch_check_duration_seconds_bucket{check=\"web\""))
                    .filter(l -> !l.contains("+Inf"))
                    .filter(l -> Double.parseDouble(l.replaceAll(".*le=\"([^\"]+)\".*", "$1")) < 0.010)
                    .map(l -> Double.valueOf(l.substring(l.lastIndexOf(' ') + 1))).toList();
            assertThat(under10ms).as("runs of 12 ms fall in no bucket under 10 ms").isNotEmpty().allMatch(c -> c == 0);
        }
    }

    @Test
    void aFewChecksStartTogetherAndThousandsAreSpreadOverOneInterval() {
        long second = 1_000_000_000L;
        assertThat(CheckScheduler.firstRunOffset(0, 3, second)).isZero();
        assertThat(CheckScheduler.firstRunOffset(2, 3, second)).isEqualTo(200_000);
        assertThat(CheckScheduler.firstRunOffset(9_999, 10_000, second)).isLessThan(second).isGreaterThan(second / 2);
        assertThat(CheckScheduler.firstRunOffset(4_999, 5_000, second)).isEqualTo(4_999 * 100_000L);
        assertThat(CheckScheduler.firstRunOffset(99, 100, 100_000_000L)).isLessThan(100_000_000L);
    }
}
