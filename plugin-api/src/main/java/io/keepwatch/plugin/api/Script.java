package io.keepwatch.plugin.api;

import java.io.IOException;
import java.time.Duration;
import java.util.List;

/** A script prepared by the {@link ScriptRunner}: safe to run from several threads. */
public interface Script {

    /**
     * Runs the script once and waits for it. Its standard input is {@code /dev/null}, its output is
     * discarded. When it overstays {@code timeout}, its whole process group gets SIGTERM, then
     * SIGKILL; the run then counts as timed out.
     *
     * @throws IOException when the program cannot be started
     * @throws InterruptedException when the caller is interrupted; the process group is killed first
     */
    ScriptOutcome run(Duration timeout) throws IOException, InterruptedException;

    /** The command line started, wrappers (process group, user change) included, for status output. */
    List<String> command();

    /**
     * This script as the health check {@code name}: up when a run exits 0 within the timeout, with
     * the outcome in the message (e.g. {@code "script chk exited with status 1"}).
     */
    default HealthCheck asCheck(String name) {
        return timeout -> {
            ScriptOutcome outcome = run(timeout);
            String message = "script " + name + " " + outcome.description();
            return outcome.success() ? CheckResult.up(message) : CheckResult.down(message);
        };
    }
}
