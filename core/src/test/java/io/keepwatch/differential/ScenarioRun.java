package io.keepwatch.differential;

import io.keepwatch.testing.Deadline;
import io.keepwatch.testing.NamespacedProcess;
import java.nio.charset.StandardCharsets;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * One scenario under one implementation, in a {@link Lab}: checks each host's file, starts the
 * daemons one host after the other, and observes after each start and after each event, once
 * nothing has changed for {@link Scenario#quiet()}. When {@link #run} returns, its daemons are gone
 * and the lab is as it was; files, daemon logs and {@code steps.log} (what changed, when) stay
 * under {@code target/differential/<scenario>/<implementation>/}.
 */
final class ScenarioRun {

    /** keepalived's {@code (VI_1) Entering MASTER STATE}, and keepwatch's {@code (VI_1) BACKUP -> MASTER: reason}. */
    private static final Pattern STATE_LINE = Pattern.compile(
            "\\((\\S+)\\) (?:Entering (INIT|BACKUP|MASTER|FAULT) STATE|(?:INIT|BACKUP|MASTER|FAULT) -> (INIT|BACKUP|MASTER|FAULT)\\b)");
    private static final Duration START_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration POLL = Duration.ofMillis(100);
    /** The most tshark may lag behind the wire on a busy machine before a step is observed anyway. */
    private static final Duration CAPTURE_LAG = Duration.ofSeconds(5);

    /** Everything a run saw: the check of each host's file, then one observation per step. */
    record Result(Implementation implementation, Map<String, Implementation.CheckResult> checks,
            List<Observation> observations, String logs) {}

    private final Scenario scenario;
    private final Implementation impl;
    private final Path dir;
    private final Map<String, Path> files = new LinkedHashMap<>();
    private final Map<String, String> texts = new LinkedHashMap<>();
    private final Map<String, NamespacedProcess> daemons = new LinkedHashMap<>();
    private final long began = System.nanoTime();
    private final long beganMillis = System.currentTimeMillis();
    private final Lab lab;

    private ScenarioRun(Scenario scenario, Implementation impl, Lab lab, Path dir) {
        this.scenario = scenario;
        this.impl = impl;
        this.lab = lab;
        this.dir = dir;
    }

    /** Runs {@code scenario} under {@code impl} in {@code lab}, and leaves the lab as it found it. */
    static Result run(Scenario scenario, Implementation impl, Lab lab) throws Exception {
        Path dir = Path.of("target", "differential", scenario.name().replaceAll("[^A-Za-z0-9._-]+", "_"), impl.label())
                .toAbsolutePath();
        Files.createDirectories(dir);
        return new ScenarioRun(scenario, impl, lab, dir).run();
    }

    private Result run() throws Exception {
        try {
            Map<String, Implementation.CheckResult> checks = new LinkedHashMap<>();
            for (var e : scenario.configs().entrySet()) {
                String host = e.getKey();
                String text = e.getValue().replace(Scenario.CHECK_FAILED, checkFailedFile(host).toString());
                texts.put(host, text);
                Path file = dir.resolve(host + ".conf");
                Files.writeString(file, text, StandardCharsets.ISO_8859_1);
                files.put(host, file);
                Implementation.CheckResult check = impl.checkConfig(lab.topology().host(host), host, file);
                Files.writeString(dir.resolve(host + ".check-config.txt"), "exit " + check.exit() + "\n" + check.output());
                checks.put(host, check);
            }
            mark("files checked");
            List<Observation> observations = new ArrayList<>();
            if (scenario.startsDaemons()) {
                // One host after the other: two daemons starting together with equal priorities
                // would race for mastership, and the race would be the only thing compared.
                for (String host : files.keySet()) {
                    long since = System.currentTimeMillis();
                    NamespacedProcess daemon = impl.start(lab.topology().host(host), host, files.get(host));
                    daemons.put(host, daemon);
                    awaitStarted(daemon);
                    observations.add(settle("start " + host, since));
                    mark("settled: start " + host);
                }
                for (Event event : scenario.steps()) {
                    long since = System.currentTimeMillis();
                    apply(event);
                    observations.add(settle(event.step(), since));
                    mark("settled: " + event.step());
                }
            }
            return new Result(impl, checks, observations, logs());
        } finally {
            close();
        }
    }

    private Path checkFailedFile(String host) {
        return dir.resolve(host + ".check-failed");
    }

    private void apply(Event event) throws Exception {
        switch (event) {
            case Event.LinkDown d -> lab.cut(d.host(), d.ifName());
            case Event.CheckFails c -> Files.writeString(checkFailedFile(c.host()), "failing\n");
            case Event.Kill k -> Implementation.kill9(daemon(k.host()));
            case Event.Reload r -> {
                for (String host : r.hosts()) {
                    String edited = r.edit().apply(texts.get(host));
                    if (edited.equals(texts.get(host))) {
                        throw new IllegalStateException(scenario + ": the edit '" + r.change() + "' changes nothing in " + host + "'s file");
                    }
                    texts.put(host, edited);
                    Files.writeString(files.get(host), edited, StandardCharsets.ISO_8859_1);
                }
                Map<NamespacedProcess, Integer> before = new HashMap<>();
                for (String host : r.hosts()) {
                    NamespacedProcess d = daemon(host);
                    if (d.isAlive()) {
                        before.put(d, impl.reloads(d.log()));
                        d.signal("HUP");
                    }
                }
                awaitReloaded(before);
            }
            case Event.StopAll s -> {
                // Backups first: a master that resigns while a backup is still running would make
                // that backup master for a moment, and whether it sends its own priority-0 advert
                // before its SIGTERM arrives would be a race.
                List<NamespacedProcess> backups = daemons.values().stream().filter(d -> !states(d).containsValue("MASTER")).toList();
                stop(backups);
                stop(List.copyOf(daemons.values()));
            }
        }
    }

    private static void stop(List<NamespacedProcess> some) throws Exception {
        for (NamespacedProcess d : some) {
            if (d.isAlive()) {
                d.signal("TERM");
            }
        }
        for (NamespacedProcess d : some) {
            if (d.isAlive()) {
                d.awaitExit(Duration.ofSeconds(15));
            }
        }
    }

    private NamespacedProcess daemon(String host) {
        NamespacedProcess d = daemons.get(host);
        if (d == null) {
            throw new IllegalArgumentException(scenario + ": no daemon on " + host);
        }
        return d;
    }

    /**
     * Waits until each daemon's log shows the reload over (applied or refused), or it exited: a
     * busy host may take longer to handle a SIGHUP than the step's quiet time, which would
     * otherwise observe the step before the reload. Past the deadline the step is observed as it is.
     */
    private void awaitReloaded(Map<NamespacedProcess, Integer> before) throws InterruptedException {
        Deadline deadline = Deadline.after(START_TIMEOUT);
        for (Map.Entry<NamespacedProcess, Integer> e : before.entrySet()) {
            NamespacedProcess d = e.getKey();
            while (d.isAlive() && impl.reloads(d.log()) <= e.getValue() && !deadline.passed()) {
                deadline.pause();
            }
        }
    }

    /** The daemon has started, or exited (a refused file). */
    private void awaitStarted(NamespacedProcess daemon) throws InterruptedException {
        Deadline deadline = Deadline.after(START_TIMEOUT);
        while (daemon.isAlive() && !impl.started(daemon.log())) {
            if (deadline.passed()) {
                throw new AssertionError(scenario + " under " + impl.label() + ": no state within " + START_TIMEOUT + "\n" + logs());
            }
            deadline.pause();
        }
    }

    /**
     * Observes until nothing has changed for the scenario's quiet time and the capture has caught up
     * with that moment, or the step's deadline passes.
     */
    private Observation settle(String step, long sinceMillis) throws Exception {
        Deadline deadline = Deadline.after(scenario.quiet().multipliedBy(4).plusSeconds(5));
        Observation last = observe(step, sinceMillis, true);
        long stableSince = System.nanoTime();
        while (true) {
            if (deadline.passed()) {
                return observe(step, sinceMillis, false);
            }
            if (System.nanoTime() - stableSince >= scenario.quiet().toNanos()) {
                if (daemons.values().stream().anyMatch(NamespacedProcess::isAlive)) {
                    lab.capture().awaitCaughtUp(System.currentTimeMillis(), CAPTURE_LAG);
                }
                Observation now = observe(step, sinceMillis, true);
                if (now.sameAs(last)) {
                    return last;
                }
                trace(step, last, now);
                last = now;
                stableSince = System.nanoTime();
                continue;
            }
            Thread.sleep(POLL);
            Observation now = observe(step, sinceMillis, true);
            if (!now.sameAs(last)) {
                trace(step, last, now);
                last = now;
                stableSince = System.nanoTime();
            }
        }
    }

    private void mark(String what) throws IOException {
        Files.writeString(dir.resolve("steps.log"), String.format("%8.3f s  %s%n", (System.nanoTime() - began) / 1e9, what),
                StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }

    /** What changed while a step settled, with the time since the run began: {@code steps.log} in the run's directory. */
    private void trace(String step, Observation before, Observation after) throws IOException {
        StringBuilder b = new StringBuilder(String.format("%8.3f s  [%s]%n", (System.nanoTime() - began) / 1e9, step));
        for (Scenario.Aspect aspect : Scenario.Aspect.OBSERVED) {
            Observation.diff(before.lines(aspect), after.lines(aspect)).forEach(l -> b.append("    ").append(l).append('\n'));
        }
        Files.writeString(dir.resolve("steps.log"), b, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }

    private Observation observe(String step, long sinceMillis, boolean settled) {
        return new Observation(step, lab.addresses(), lab.routing(), states(), adverts(sinceMillis), settled);
    }

    private SortedSet<String> states() {
        SortedSet<String> out = new TreeSet<>();
        daemons.forEach((host, d) -> {
            Map<String, String> last = states(d);
            boolean running = d.isAlive();
            last.forEach((instance, state) -> out.add(host + " " + instance + " " + (running ? state : "not running")));
            if (last.isEmpty() && !running) {
                out.add(host + " (daemon exited " + exitCode(d) + ")");
            }
        });
        return out;
    }

    /** The last state the daemon's log gives each instance. */
    private static Map<String, String> states(NamespacedProcess d) {
        Map<String, String> last = new TreeMap<>();
        Matcher m = STATE_LINE.matcher(d.log());
        while (m.find()) {
            last.put(m.group(1), m.group(2) != null ? m.group(2) : m.group(3));
        }
        return last;
    }

    private static String exitCode(NamespacedProcess d) {
        try {
            return Integer.toString(d.awaitExit(Duration.ZERO));
        } catch (AssertionError | InterruptedException e) {
            return "?";
        }
    }

    /** The last advert of every sender to each destination heard within a few intervals, and every priority-0 advert since the step began. */
    private SortedSet<String> adverts(long sinceMillis) {
        // Recent by the capture's own clock: tshark may be seconds behind the wire.
        long recent = lab.capture().newest() - scenario.advertInterval().multipliedBy(3).plusMillis(300).toMillis();
        Map<String, AdvertCapture.Advert> latest = new HashMap<>();
        SortedSet<String> out = new TreeSet<>();
        for (AdvertCapture.Advert a : lab.capture().adverts()) {
            if (a.millis() < beganMillis) {
                continue; // an earlier run's
            }
            if (a.priority() == 0 && a.millis() >= sinceMillis) {
                out.add(a.text());
            }
            latest.put(a.stream(), a);
        }
        latest.values().stream().filter(a -> a.millis() >= recent && a.priority() > 0).forEach(a -> out.add(a.text()));
        return out;
    }

    private String logs() {
        return daemons.entrySet().stream().map(e -> "---- " + impl.label() + " on " + e.getKey() + " ----\n" + e.getValue().log())
                .collect(Collectors.joining("\n"));
    }

    /** Ends the daemons (by pid) and puts the lab back as it was. */
    private void close() throws Exception {
        List<Failures.Step> steps = new ArrayList<>();
        daemons.values().forEach(d -> steps.add(d::close));
        steps.add(lab::reset);
        Failures.runAll(steps);
    }
}
