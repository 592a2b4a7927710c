package io.keepwatch.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Enforces the namespace-test rule: as root, run; not root and CI=true, fail (a CI run that
 * silently skips the data-plane tests proves nothing); not root otherwise, skip.
 */
public final class NetnsCondition implements ExecutionCondition {

    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        return decide(isRoot(), System.getenv("CI"), context.getDisplayName());
    }

    /** The rule itself: run as root; otherwise fail when {@code ci} is "true", else skip. */
    static ConditionEvaluationResult decide(boolean root, String ci, String testName) {
        if (root) {
            return ConditionEvaluationResult.enabled("running as root");
        }
        if ("true".equals(ci)) {
            throw new IllegalStateException("network namespace tests need root, and CI=true forbids skipping them: "
                    + testName);
        }
        return ConditionEvaluationResult.disabled("network namespace tests need root (skipped because CI is not true)");
    }

    /** Whether the effective user is root. */
    public static boolean isRoot() {
        try {
            return ((Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid")) == 0;
        } catch (IOException | UnsupportedOperationException e) {
            return false;
        }
    }
}
