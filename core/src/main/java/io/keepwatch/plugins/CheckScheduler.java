package io.keepwatch.plugins;

import io.keepwatch.plugin.api.CheckResult;
import io.keepwatch.plugin.api.HealthCheck;
import io.keepwatch.plugin.api.HealthCheckSettings;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs every tracked check on its own virtual thread, at {@code interval} on an absolute schedule
 * (start + k * interval, so run time never adds drift; slots missed by a slow run are skipped), each
 * run bounded by {@code timeout} plus an overrun ({@link #DEFAULT_OVERRUN}) for the check to end by
 * itself. A run that throws, or has no result at timeout + overrun, counts as down with the reason;
 * the latter is interrupted and abandoned, and while it is still alive the check's next slots count
 * as down without starting another run. One check never delays another. Results pass through
 * {@link RiseFall}, and state changes go to the {@link TrackerListener}.
 *
 * <p>Meters (Prometheus names in docs/metrics.md), per check, tagged {@code check}: counter
 * {@code keepwatch.check.runs} also tagged {@code result} (up, down, timeout, error); gauge
 * {@code keepwatch.check.up} (1 up, 0 down, NaN while unknown); gauge {@code keepwatch.check.run.state}
 * (keepalived's script states: 0 idle, 1 running, 2 abandoned at its timeout and not ended yet); timer
 * {@code keepwatch.check.duration}
 * (how long runs took, with a histogram bounded by the run's timeout). One timer for all checks,
 * {@code keepwatch.check.lag}: how late each run started after its scheduled time. The per-check
 * meters are removed by {@link #close()}, so a reload that drops a check drops its series.
 */
public final class CheckScheduler implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(CheckScheduler.class);

    /** Default wait past a run's timeout before it is abandoned. */
    public static final Duration DEFAULT_OVERRUN = Duration.ofSeconds(1);

    /** Name of the per-check state gauge (Prometheus: {@code keepwatch_check_up}). */
    public static final String UP_GAUGE = "keepwatch.check.up";

    /** Name of the per-check run-state gauge (Prometheus: {@code keepwatch_check_run_state}). */
    public static final String RUN_STATE_GAUGE = "keepwatch.check.run.state";

    /** Name of the scheduling-lag timer (Prometheus: {@code keepwatch_check_lag_seconds}). */
    public static final String LAG_TIMER = "keepwatch.check.lag";

    // The duration histograms start at 1 ms and the lag's at 100 us: finer buckets tell an operator
    // nothing, and every bucket of the per-check timer is one more series per check.
    private static final Duration DURATION_MIN = Duration.ofMillis(1);
    private static final Duration LAG_MIN = Duration.ofNanos(100_000);
    private static final Duration LAG_MAX = Duration.ofSeconds(10);

    private final Ticker ticker;
    private final TrackerListener listener;
    /** Asked only once a check is added: a scheduler without checks creates no registry. */
    private final Supplier<MeterRegistry> registry;
    private final Map<String, Tracked> checks = new LinkedHashMap<>();
    private final List<Thread> loops = new ArrayList<>();
    private final Duration overrun;
    private Timer lag;
    private volatile boolean running;

    /** A scheduler reporting to {@code listener}, with {@link #DEFAULT_OVERRUN}. */
    public CheckScheduler(Ticker ticker, TrackerListener listener, MeterRegistry registry) {
        this(ticker, listener, registry, DEFAULT_OVERRUN);
    }

    /**
     * A scheduler reporting to {@code listener}.
     *
     * @param overrun how long past its timeout a run is waited for before it is abandoned as hung: the
     *     check is told its timeout and should end by itself (a script check then kills its process
     *     group, which takes a moment), so its own result and message win when it does
     */
    public CheckScheduler(Ticker ticker, TrackerListener listener, MeterRegistry registry, Duration overrun) {
        this(ticker, listener, constant(Objects.requireNonNull(registry, "registry")), overrun);
    }

    /**
     * A scheduler reporting to {@code listener}, with {@link #DEFAULT_OVERRUN}, whose meters go to the
     * registry {@code registry} supplies once the first check is added.
     */
    public CheckScheduler(Ticker ticker, TrackerListener listener, Supplier<MeterRegistry> registry) {
        this(ticker, listener, registry, DEFAULT_OVERRUN);
    }

    private CheckScheduler(Ticker ticker, TrackerListener listener, Supplier<MeterRegistry> registry,
                           Duration overrun) {
        this.overrun = Objects.requireNonNull(overrun, "overrun");
        this.ticker = Objects.requireNonNull(ticker, "ticker");
        this.listener = Objects.requireNonNull(listener, "listener");
        this.registry = Objects.requireNonNull(registry, "registry");
    }

    private static Supplier<MeterRegistry> constant(MeterRegistry registry) {
        return () -> registry;
    }

    /**
     * The one scheduling-lag timer of {@code registry} (every scheduler records into the same one):
     * registered by the first check, or by the metrics endpoint so that a scrape shows it before.
     */
    public static Timer lagTimer(MeterRegistry registry) {
        return Timer.builder(LAG_TIMER)
                .description("how late health check runs started after their scheduled time")
                .publishPercentileHistogram().minimumExpectedValue(LAG_MIN).maximumExpectedValue(LAG_MAX)
                .register(registry);
    }

    /** Adds a check before {@link #start()}; names are unique. */
    public synchronized void add(String name, HealthCheck check, HealthCheckSettings settings) {
        add(name, check, settings, check.getClass().getName());
    }

    /**
     * Adds a check before {@link #start()}; names are unique.
     *
     * @param origin who provides it, as the log names it when it throws or is abandoned
     *     ({@code plugin ID VERSION})
     */
    public synchronized void add(String name, HealthCheck check, HealthCheckSettings settings, String origin) {
        if (running) {
            throw new IllegalStateException("add checks before start()");
        }
        if (checks.containsKey(name)) {
            throw new IllegalArgumentException("check " + name + " added twice");
        }
        if (lag == null) {
            lag = lagTimer(registry.get());
        }
        checks.put(name, new Tracked(name, check, settings, Objects.requireNonNull(origin, "origin")));
    }

    /** Starts every check's loop; a check with {@code init_fail} is reported down first. */
    public synchronized void start() {
        running = true;
        int index = 0;
        for (Tracked t : checks.values()) {
            if (t.settings.initFail()) {
                deliver(t.name, false, "init_fail: assumed down until it succeeds");
            }
            long offset = firstRunOffset(index++, checks.size(), t.settings.interval().toNanos());
            loops.add(Thread.ofVirtual().name("check-" + t.name).start(() -> t.loop(offset)));
        }
    }

    /** At most this far apart, first runs are spread so that thousands of checks do not start at once. */
    static final long FIRST_RUN_SPACING_NANOS = 100_000;

    /**
     * When the check at {@code index} of {@code count} first runs, after start: a few checks start
     * together (within a millisecond), thousands are spread over at most one interval. Starting
     * them all in one slot made the first burst time out and report checks down that were up.
     */
    static long firstRunOffset(int index, int count, long intervalNanos) {
        return index * Math.min(intervalNanos / Math.max(1, count), FIRST_RUN_SPACING_NANOS);
    }

    /** The current state of a check: empty while unknown. */
    public synchronized Optional<Boolean> state(String name) {
        Tracked t = checks.get(name);
        return t == null ? Optional.empty() : t.state();
    }

    private void deliver(String name, boolean up, String message) {
        // keepalived's wording first, so that what was written against keepalived's log still matches
        log.info("VRRP_Script({}) {} - check {} is now {}: {}", name, up ? "succeeded" : "failed", name,
                up ? "UP" : "DOWN", message);
        try {
            listener.onTrackerChanged(name, up, message);
        } catch (RuntimeException e) {
            log.error("tracker listener failed for check {}: {}", name, e.toString(), e);
        }
    }

    /** Stops every loop, interrupts running checks and closes them. */
    @Override
    public void close() {
        List<Thread> toJoin;
        synchronized (this) {
            running = false;
            toJoin = List.copyOf(loops);
        }
        toJoin.forEach(Thread::interrupt);
        for (Thread t : toJoin) {
            try {
                t.join(Duration.ofSeconds(5));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        for (Tracked t : checks.values()) {
            try {
                PluginCalls.in(t.check, () -> {
                    t.check.close();
                    return null;
                });
            } catch (RuntimeException | LinkageError e) {
                log.warn("closing check {} ({}): {}", t.name, t.origin, e.toString());
            }
            t.meters.forEach(registry.get()::remove);
        }
    }

    private final class Tracked {
        final String name;
        final HealthCheck check;
        final HealthCheckSettings settings;
        final String origin;
        final RiseFall riseFall;
        final Counter up;
        final Counter down;
        final Counter timeout;
        final Counter error;
        final Timer duration;
        final List<Meter> meters = new ArrayList<>();
        volatile Thread lastRun;
        volatile boolean abandoned;
        boolean lastThrew;
        volatile Optional<Boolean> state = Optional.empty();

        Tracked(String name, HealthCheck check, HealthCheckSettings settings, String origin) {
            this.name = name;
            this.origin = origin;
            this.check = check;
            this.settings = settings;
            this.riseFall = new RiseFall(settings.rise(), settings.fall(), settings.initFail());
            if (settings.initFail()) {
                state = Optional.of(false);
            }
            this.up = counter("up");
            this.down = counter("down");
            this.timeout = counter("timeout");
            this.error = counter("error");
            Duration longest = settings.timeout().plus(overrun);
            this.duration = Timer.builder("keepwatch.check.duration").tag("check", name)
                    .description("how long health check runs took (abandoned runs: until abandoned)")
                    .publishPercentileHistogram()
                    .minimumExpectedValue(DURATION_MIN.compareTo(longest) < 0 ? DURATION_MIN : longest)
                    .maximumExpectedValue(longest)
                    .serviceLevelObjectives(settings.timeout())
                    .register(registry.get());
            meters.add(duration);
            // NaN while unknown: a scrape must not read "down" for a check that has not decided yet.
            meters.add(Gauge.builder(UP_GAUGE, this,
                            t -> t.state.map(up -> up ? 1.0 : 0.0).orElse(Double.NaN))
                    .tag("check", name).description("last state of the health check: 1 up, 0 down")
                    .strongReference(true).register(registry.get()));
            meters.add(Gauge.builder(RUN_STATE_GAUGE, this, Tracked::runState).tag("check", name)
                    .description("0 idle, 1 running, 2 abandoned at its timeout and not ended yet")
                    .strongReference(true).register(registry.get()));
        }

        Optional<Boolean> state() {
            return state;
        }

        /** keepalived's numbers for a script's state (idle, running, requested termination). */
        double runState() {
            Thread run = lastRun;
            return run == null || !run.isAlive() ? 0 : abandoned ? 2 : 1;
        }

        private Counter counter(String result) {
            Counter c = Counter.builder("keepwatch.check.runs").tag("check", name).tag("result", result)
                    .description("health check runs by result").register(registry.get());
            meters.add(c);
            return c;
        }

        void loop(long firstRunOffsetNanos) {
            long interval = settings.interval().toNanos();
            long next = ticker.nanoTime() + firstRunOffsetNanos;
            try {
                while (running) {
                    ticker.sleepUntil(next);
                    if (!running) {
                        return;
                    }
                    CheckResult result = runOnce(next);
                    Optional<Boolean> change = riseFall.apply(result.up());
                    if (change.isPresent()) {
                        state = change;
                        deliver(name, change.get(), result.message());
                    }
                    next += interval;
                    long now = ticker.nanoTime();
                    if (now - next > 0) {
                        // Slots that passed during a slow run are skipped, not run back to back.
                        next += ((now - next) / interval + 1) * interval;
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                if (lastRun != null && lastRun.isAlive()) {
                    lastRun.interrupt();
                }
            }
        }

        private CheckResult runOnce(long scheduled) throws InterruptedException {
            if (lastRun != null && lastRun.isAlive()) {
                timeout.increment();
                return CheckResult.down("previous run, abandoned " + seconds(overrun) + " after its timeout of "
                        + seconds(settings.timeout()) + ", still running");
            }
            CompletableFuture<CheckResult> future = new CompletableFuture<>();
            Duration limit = settings.timeout();
            abandoned = false;
            // Published before it starts, so that the run-state gauge sees every run that has begun.
            Thread run = Thread.ofVirtual().name("check-" + name + "-run").unstarted(() -> {
                // The lag is taken where the run really begins, so a starved carrier pool shows.
                long started = ticker.nanoTime();
                lag.record(Math.max(0, started - scheduled), TimeUnit.NANOSECONDS);
                boolean first;
                try {
                    CheckResult r = PluginCalls.in(check, () -> check.check(limit));
                    first = future.complete(r == null ? CheckResult.down("check returned no result") : r);
                } catch (Throwable t) {
                    first = future.completeExceptionally(t);
                }
                // An abandoned run was timed when it was abandoned; timing it again would count it twice.
                if (first) {
                    duration.record(ticker.nanoTime() - started, TimeUnit.NANOSECONDS);
                }
            });
            lastRun = run;
            run.start();
            long waitStarted = ticker.nanoTime();
            try {
                future.get(limit.plus(overrun).toNanos(), TimeUnit.NANOSECONDS);
            } catch (TimeoutException e) {
                if (future.completeExceptionally(e)) {
                    duration.record(ticker.nanoTime() - waitStarted, TimeUnit.NANOSECONDS);
                    abandoned = true;
                    lastRun.interrupt();
                    timeout.increment();
                    String abandoned = abandoned(limit);
                    log.warn("check {} ({}) {}", name, origin, abandoned);
                    return CheckResult.down(abandoned);
                }
                // Otherwise the run finished between the end of the wait and now: its result stands.
            } catch (ExecutionException e) {
                // accounted below from the completed future
            }
            return outcome(future);
        }

        private CheckResult outcome(CompletableFuture<CheckResult> done) {
            if (done.state() == Future.State.SUCCESS) {
                CheckResult r = done.resultNow();
                lastThrew = false;
                (r.up() ? up : down).increment();
                return r;
            }
            error.increment();
            Throwable cause = done.exceptionNow();
            if (!lastThrew) {
                log.warn("check {} ({}) threw; counted as down until it stops: {}", name, origin,
                        cause.toString(), cause);
            }
            lastThrew = true;
            return CheckResult.down("check failed: " + cause);
        }
    }

    /** What the log and the check's state say of a run abandoned at timeout + overrun. */
    private String abandoned(Duration timeout) {
        return "no result " + seconds(overrun) + " after its timeout of " + seconds(timeout) + ": run abandoned";
    }

    private static String seconds(Duration d) {
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + "s" : d.toMillis() / 1000.0 + "s";
    }
}
