package io.keepwatch.differential;

import java.util.ArrayList;
import java.util.List;

/** Runs every clean-up step even when one fails; the first failure is thrown, the others suppressed in it. */
final class Failures {

    /** One clean-up step. */
    @FunctionalInterface
    interface Step {
        void run() throws Exception;
    }

    private Failures() {}

    static void runAll(List<Step> steps) throws Exception {
        List<Exception> failures = new ArrayList<>();
        for (Step step : steps) {
            try {
                step.run();
            } catch (Exception e) {
                failures.add(e);
            }
        }
        if (!failures.isEmpty()) {
            Exception first = failures.getFirst();
            failures.stream().skip(1).forEach(first::addSuppressed);
            throw first;
        }
    }
}
