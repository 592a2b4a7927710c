package io.keepwatch.plugin.api;

import java.time.Duration;
import java.util.Set;

/**
 * The keywords of a {@code vrrp_check} block that keepwatch's scheduler handles for every check type,
 * with keepalived's {@code vrrp_script} defaults: interval 1 s, timeout = interval, rise 1, fall 1,
 * weight 0, and the check starting "unknown" (one result decides) unless {@code init_fail}.
 *
 * @param interval time between the starts of two runs
 * @param timeout how long one run may take before it counts as down
 * @param rise consecutive successes that turn a down check up
 * @param fall consecutive failures that turn an up check down
 * @param weight priority change applied by the instance tracking the check
 * @param initFail whether the check starts down
 */
public record HealthCheckSettings(Duration interval, Duration timeout, int rise, int fall, int weight,
                                  boolean initFail) {

    /** The keywords of this record, to be skipped by a factory binding its own keywords. */
    public static final Set<String> GENERIC_KEYWORDS =
            Set.of("type", "interval", "timeout", "rise", "fall", "weight", "init_fail");

    public HealthCheckSettings {
        if (interval.isNegative() || interval.isZero() || timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("interval and timeout must be positive");
        }
        if (rise < 1 || fall < 1) {
            throw new IllegalArgumentException("rise and fall must be at least 1");
        }
    }

    /**
     * Reads the generic keywords of a {@code vrrp_check} block.
     *
     * @throws PluginConfigException on a malformed value, naming {@code file:line}
     */
    public static HealthCheckSettings of(ConfigNode block) {
        Duration interval = ConfigValues.seconds(block, "interval", Duration.ofSeconds(1));
        Duration timeout = ConfigValues.seconds(block, "timeout", interval);
        int rise = ConfigValues.integer(block, "rise", 1, 1_000_000, 1);
        int fall = ConfigValues.integer(block, "fall", 1, 1_000_000, 1);
        int weight = ConfigValues.integer(block, "weight", -253, 253, 0);
        return new HealthCheckSettings(interval, timeout, rise, fall, weight,
                ConfigValues.flag(block, "init_fail"));
    }
}
