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
        if (isRoot()) {
            return ConditionEvaluationResult.enabled("running as root");
        }
        if ("true".equals(System.getenv("CI"))) {
            throw new IllegalStateException("network namespace tests need root, and CI=true forbids skipping them: "
                    + context.getDisplayName());
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
