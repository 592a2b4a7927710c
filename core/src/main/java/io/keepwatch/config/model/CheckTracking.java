package io.keepwatch.config.model;

import java.time.Duration;
import java.util.Objects;

/**
 * How the result of a tracked check turns into instance state: the tracking keywords a
 * {@code vrrp_script} and a plugin-owned {@code vrrp_check} share, with the same defaults.
 *
 * @param interval {@code interval}: time between two runs; default 1 s
 * @param timeout {@code timeout}: a run taking longer fails; default the interval
 * @param weight {@code weight}, -253..253; 0 (default) means a failure puts the instance in FAULT
 * @param weightReverse {@code weight N reverse}: the weight applies on success instead
 * @param rise {@code rise}: successes in a row before the check counts as up; default 1
 * @param fall {@code fall}: failures in a row before the check counts as down; default 1
 * @param initFail {@code init_fail}: the check starts as down
 */
public record CheckTracking(Duration interval, Duration timeout, int weight, boolean weightReverse, int rise, int fall,
                            boolean initFail) {
    public static final CheckTracking DEFAULTS = new CheckTracking(Duration.ofSeconds(1), Duration.ofSeconds(1), 0,
            false, 1, 1, false);

    public CheckTracking {
        Objects.requireNonNull(interval, "interval");
        Objects.requireNonNull(timeout, "timeout");
    }
}
