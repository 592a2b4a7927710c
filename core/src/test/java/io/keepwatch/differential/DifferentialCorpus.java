package io.keepwatch.differential;

import io.keepwatch.testing.RequiresNetns;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * A corpus of scenarios, compared in one pair of labs that its test class builds once.
 *
 * <p>Run one scenario with {@code -Ddifferential.only=REGEX} (matched against its name); the
 * files, logs, {@code steps.log} and report of each run are under
 * {@code core/target/differential/<scenario>/}.
 */
@RequiresNetns
abstract class DifferentialCorpus {

    private static Comparison.Labs labs;

    @BeforeAll
    static void buildLabs() throws Exception {
        labs = Comparison.Labs.create();
    }

    @AfterAll
    static void removeLabs() throws Exception {
        if (labs != null) {
            labs.close();
            labs = null;
        }
    }

    static void compare(Scenario scenario) throws Exception {
        Comparison.assertEquivalent(scenario, labs);
    }
}
