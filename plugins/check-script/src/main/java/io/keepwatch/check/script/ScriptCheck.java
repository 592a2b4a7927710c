package io.keepwatch.check.script;

import io.keepwatch.plugin.api.CheckResult;
import io.keepwatch.plugin.api.HealthCheck;
import java.time.Duration;

/** A health check that is up when its script exits 0 within the timeout. */
public final class ScriptCheck implements HealthCheck {

    private final String name;
    private final ScriptRunner runner;

    /** A check named {@code name} running {@code runner}. */
    public ScriptCheck(String name, ScriptRunner runner) {
        this.name = name;
        this.runner = runner;
    }

    @Override
    public CheckResult check(Duration timeout) throws Exception {
        ScriptRunner.Outcome outcome = runner.run(timeout);
        String message = "script " + name + " " + outcome.description();
        return outcome.success() ? CheckResult.up(message) : CheckResult.down(message);
    }

    /** The runner, for status output. */
    public ScriptRunner runner() {
        return runner;
    }
}
