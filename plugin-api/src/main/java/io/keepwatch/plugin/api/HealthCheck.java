package io.keepwatch.plugin.api;

import java.time.Duration;

/**
 * One configured health check (a {@code vrrp_check NAME { ... }} block), bound and ready to run.
 *
 * <p>keepwatch calls {@link #check(Duration)} once per interval on a virtual thread of its own; runs
 * of one check never overlap. A check should give up by itself once {@code timeout} has passed and
 * answer to interruption; keepwatch also enforces the timeout and counts a run that overstays it, or
 * throws, as down. {@code interval}, {@code timeout}, {@code rise}, {@code fall}, {@code weight} and
 * {@code init_fail} are handled by keepwatch, never by the check.
 */
public interface HealthCheck extends AutoCloseable {

    /**
     * Runs the check once.
     *
     * @param timeout how long this run may take in all
     * @return up or down, with a message
     * @throws InterruptedException when keepwatch gave up on the run
     * @throws Exception any other failure, which counts as down with the exception as the reason
     */
    CheckResult check(Duration timeout) throws Exception;

    /** Releases what the check holds (connections, clients); called once when keepwatch stops. */
    @Override
    default void close() {}
}
