package io.keepwatch.differential;

import io.keepwatch.differential.Scenario.Aspect;
import io.keepwatch.differential.Scenario.Declared;
import io.keepwatch.testing.KeepalivedProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Assumptions;

/**
 * Runs a scenario under keepalived and under keepwatch, side by side, each in its own {@link Lab}, and compares what was observed step by step. Every difference must be declared by the
 * scenario with its reason; an undeclared difference, or a declared one that no longer occurs,
 * fails with a report that shows both sides ({@code -} keepalived, {@code +} keepwatch).
 */
final class Comparison {

    /** One aspect of one step where the two differ. */
    record Difference(String step, Aspect aspect, List<String> lines) {
        @Override
        public String toString() {
            return "[" + step + "] " + aspect + "\n    " + String.join("\n    ", lines);
        }
    }

    private Comparison() {}

    /** A lab for each implementation, shared by the scenarios of a test class. */
    record Labs(Lab keepalived, Lab keepwatch) implements AutoCloseable {
        static Labs create() throws Exception {
            requireKeepalived();
            Lab a = Lab.create(Implementation.KEEPALIVED);
            try {
                return new Labs(a, Lab.create(Implementation.KEEPWATCH));
            } catch (Exception | Error e) {
                a.close();
                throw e;
            }
        }

        @Override
        public void close() throws Exception {
            try {
                keepalived.close();
            } finally {
                keepwatch.close();
            }
        }
    }

    /** Runs {@code scenario} under both and fails unless every difference is declared and every declaration occurs. */
    static void assertEquivalent(Scenario scenario, Labs labs) throws Exception {
        requireKeepalived();
        String only = System.getProperty("differential.only");
        Assumptions.assumeTrue(only == null || scenario.name().matches(only),
                () -> "-Ddifferential.only=" + only + " leaves out " + scenario.name());
        ScenarioRun.Result keepalived, keepwatch;
        try (ExecutorService pool = Executors.newFixedThreadPool(2, Thread.ofPlatform().name("differential-", 0).factory())) {
            Future<ScenarioRun.Result> a = pool.submit(() -> ScenarioRun.run(scenario, Implementation.KEEPALIVED, labs.keepalived()));
            Future<ScenarioRun.Result> b = pool.submit(() -> ScenarioRun.run(scenario, Implementation.KEEPWATCH, labs.keepwatch()));
            keepalived = a.get();
            keepwatch = b.get();
        }
        List<Difference> differences = differences(keepalived, keepwatch);
        List<Difference> unexplained = differences.stream()
                .filter(d -> scenario.declared().stream().noneMatch(x -> x.covers(d.step(), d.aspect()))).toList();
        List<Declared> stale = scenario.declared().stream().filter(x -> !x.racy())
                .filter(x -> differences.stream().noneMatch(d -> x.covers(d.step(), d.aspect()))).toList();
        String report = report(scenario, keepalived, keepwatch, differences, unexplained, stale);
        Path file = Path.of("target", "differential", scenario.name().replaceAll("[^A-Za-z0-9._-]+", "_"), "report.txt");
        Files.createDirectories(file.getParent());
        Files.writeString(file, report);
        if (!unexplained.isEmpty() || !stale.isEmpty()) {
            throw new AssertionError(report + "\n" + keepalived.logs() + "\n" + keepwatch.logs());
        }
    }

    static List<Difference> differences(ScenarioRun.Result keepalived, ScenarioRun.Result keepwatch) {
        List<Difference> out = new ArrayList<>();
        for (String host : keepalived.checks().keySet()) {
            int a = keepalived.checks().get(host).exit(), b = keepwatch.checks().get(host).exit();
            if (a != b) {
                out.add(new Difference("check-config", Aspect.CONFIG_CHECK,
                        List.of("- " + host + " exit " + a, "+ " + host + " exit " + b)));
            }
        }
        for (int i = 0; i < keepalived.observations().size(); i++) {
            Observation a = keepalived.observations().get(i), b = keepwatch.observations().get(i);
            for (Aspect aspect : Aspect.OBSERVED) {
                List<String> lines = Observation.diff(a.lines(aspect), b.lines(aspect));
                if (!lines.isEmpty()) {
                    out.add(new Difference(a.step(), aspect, lines));
                }
            }
        }
        return out;
    }

    private static String report(Scenario scenario, ScenarioRun.Result keepalived, ScenarioRun.Result keepwatch,
            List<Difference> differences, List<Difference> unexplained, List<Declared> stale) {
        StringBuilder b = new StringBuilder("differential scenario '").append(scenario.name()).append("'\n");
        keepalived.checks().forEach((host, check) -> b.append("  check-config ").append(host).append(": keepalived exit ")
                .append(check.exit()).append(", keepwatch exit ").append(keepwatch.checks().get(host).exit()).append('\n'));
        for (int i = 0; i < keepalived.observations().size(); i++) {
            Observation a = keepalived.observations().get(i), w = keepwatch.observations().get(i);
            b.append("  step '").append(a.step()).append("'")
                    .append(a.settled() ? "" : " (keepalived never settled)")
                    .append(w.settled() ? "" : " (keepwatch never settled)").append('\n');
            Set<String> both = new LinkedHashSet<>();
            for (Aspect aspect : Aspect.OBSERVED) {
                TreeSet<String> same = new TreeSet<>(a.lines(aspect));
                same.retainAll(w.lines(aspect));
                same.forEach(l -> both.add("    = " + l));
            }
            both.forEach(l -> b.append(l).append('\n'));
            differences.stream().filter(d -> d.step().equals(a.step()))
                    .forEach(d -> d.lines().forEach(l -> b.append("    ").append(l).append('\n')));
        }
        if (!unexplained.isEmpty()) {
            b.append("UNEXPLAINED differences (fix keepwatch, or declare them with their reason):\n");
            unexplained.forEach(d -> b.append("  ").append(d).append('\n'));
        }
        for (Difference d : differences) {
            scenario.declared().stream().filter(x -> x.covers(d.step(), d.aspect())).findFirst()
                    .ifPresent(x -> b.append("declared: ").append(x).append('\n'));
        }
        if (!stale.isEmpty()) {
            b.append("declared differences that no longer occur (keepwatch now matches keepalived: remove the declaration"
                    + " and its entry in docs/migrating.md):\n");
            stale.forEach(x -> b.append("  ").append(x).append('\n'));
        }
        return b.toString();
    }

    private static void requireKeepalived() {
        if (!KeepalivedProcess.available()) {
            throw new AssertionError("the differential tests need Debian's keepalived (bin/install-test-deps installs it)");
        }
    }
}
