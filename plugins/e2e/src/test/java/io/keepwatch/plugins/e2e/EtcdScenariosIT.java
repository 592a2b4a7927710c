package io.keepwatch.plugins.e2e;

import static java.nio.file.StandardOpenOption.APPEND;
import static java.nio.file.StandardOpenOption.CREATE;
import static org.assertj.core.api.Assertions.assertThat;

import io.keepwatch.testing.RequiresNetns;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * keepwatch with a real etcd cluster, under faults: seeded trials of every scenario
 * ({@link EtcdTrials.Scenario}) on two keepwatch hosts (three in election mode) and a 3-member
 * cluster, judged by the {@link VipObserver}: never two hosts holding the VIP, not for a moment, and
 * a healthy host holding it again after each fault.
 *
 * <p>In the suite this is a short deterministic replay: one fixed seed per scenario. The bench
 * harness {@code bench/etcd/etcd-trials} runs the same trials many times over
 * ({@code -Dkeepwatch.etcd.trials=N}, seeds from {@code -Dkeepwatch.etcd.seed}), writes every
 * result to {@code -Dkeepwatch.etcd.report=FILE} and checks the time bound there (a timing is
 * measured, never asserted, in the suite).
 */
@RequiresNetns
class EtcdScenariosIT {

    private static final long CI_SEED = 16;

    @Test
    void neverTwoHoldersAndAHealthyHolderAfterEveryFault() throws Exception {
        int trials = Integer.getInteger("keepwatch.etcd.trials", 1);
        long seed = Long.getLong("keepwatch.etcd.seed", CI_SEED);
        String report = System.getProperty("keepwatch.etcd.report", "");
        List<EtcdTrials.Scenario> scenarios = scenarios(System.getProperty("keepwatch.etcd.scenarios", ""));
        List<EtcdTrials.Result> results = new ArrayList<>();
        try (EtcdLab lab = EtcdLab.create("etcdtrials", 3)) {
            EtcdTrials run = new EtcdTrials(lab, 2);
            EtcdTrials election = new EtcdTrials(lab, 3);
            for (EtcdTrials.Mode mode : EtcdTrials.Mode.values()) {
                List<EtcdTrials.Scenario> ofMode = scenarios.stream().filter(s -> s.mode == mode).toList();
                if (ofMode.isEmpty()) {
                    continue;
                }
                EtcdTrials trialsOfMode = mode == EtcdTrials.Mode.ELECTION ? election : run;
                trialsOfMode.startDaemons(mode);
                for (int i = 0; i < trials * ofMode.size(); i++) {
                    EtcdTrials.Scenario s = ofMode.get(i % ofMode.size());
                    long trialSeed = seed + i;
                    if (report.isEmpty()) {
                        results.add(trialsOfMode.run(s, trialSeed));
                        continue;
                    }
                    // The harness's long runs record a trial that did not come back to a steady state
                    // (with the lab's logs) and go on from freshly started daemons.
                    String line;
                    try {
                        EtcdTrials.Result r = trialsOfMode.run(s, trialSeed);
                        results.add(r);
                        line = line(r);
                    } catch (AssertionError e) {
                        line = name(s) + " " + trialSeed + " fail\n";
                        Files.writeString(Path.of(report + ".failures"), name(s) + " seed " + trialSeed + ": "
                                + e.getMessage() + "\n" + lab.logs() + "\n", CREATE, APPEND);
                        trialsOfMode.startDaemons(mode);
                    }
                    Files.writeString(Path.of(report), line, CREATE, APPEND);
                }
                for (EtcdLab.Host h : lab.hosts()) {
                    if (lab.daemon(h) != null && lab.daemon(h).isAlive()) {
                        lab.stop(h);
                    }
                }
            }
            System.out.println(EtcdTrials.summary(results));
            assertThat(EtcdTrials.violations(results)).as("trials with two holders").isEmpty();
            lab.observer().assertNeverTwoHolders();
        }
    }

    /** The scenarios to run: those of the suite unless named. */
    private static List<EtcdTrials.Scenario> scenarios(String names) {
        if (names.isBlank()) {
            return Arrays.stream(EtcdTrials.Scenario.values()).filter(EtcdTrials.Scenario::inSuite).toList();
        }
        return Arrays.stream(names.split("[ ,]+")).map(n -> EtcdTrials.Scenario.valueOf(n.toUpperCase().replace('-', '_'))).toList();
    }

    private static String name(EtcdTrials.Scenario s) {
        return s.name().toLowerCase().replace('_', '-');
    }

    /** One result as a line of the report: scenario, seed, failover and longest gap in ms, holders at once. */
    private static String line(EtcdTrials.Result r) {
        return name(r.scenario()) + " " + r.seed() + " " + r.failover().toMillis()
                + " " + r.longestGap().toMillis() + " " + r.doubles().size() + "\n";
    }
}
