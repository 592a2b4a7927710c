package io.keepwatch.config.bind;

import io.keepwatch.config.diagnostic.Diagnostics;
import io.keepwatch.config.model.CheckTracking;
import io.keepwatch.plugin.api.ConfigNode;
import java.time.Duration;
import java.util.Optional;

/** Reads the tracking keywords shared by vrrp_script and vrrp_check blocks. */
final class TrackingKeywords {
    private static final long MAX_SECONDS = 86_400;

    private final Values values;
    private final Diagnostics diagnostics;
    private Duration interval = CheckTracking.DEFAULTS.interval();
    private Duration timeout;
    private int weight;
    private boolean reverse;
    private int rise = 1;
    private int fall = 1;
    private boolean initFail;

    TrackingKeywords(Values values) {
        this.values = values;
        this.diagnostics = values.diagnostics();
    }

    /** Reads {@code n} when it is a tracking keyword; false when it is another keyword. */
    boolean read(ConfigNode n) {
        switch (n.keyword()) {
            case "interval" -> interval = positive(n).orElse(interval);
            case "timeout" -> timeout = positive(n).orElse(timeout);
            case "weight" -> {
                var w = values.integer(n, -Tracking.MAX_WEIGHT, Tracking.MAX_WEIGHT);
                if (w.isPresent()) weight = w.getAsInt();
                if (n.arguments().size() > 1) {
                    if (n.arguments().get(1).equals("reverse") && n.arguments().size() == 2) reverse = true;
                    else diagnostics.error(n.position(), "weight may only be followed by 'reverse'");
                }
            }
            case "rise" -> {
                var v = values.integer(n, 1, 1_000_000);
                if (v.isPresent()) rise = v.getAsInt();
            }
            case "fall" -> {
                var v = values.integer(n, 1, 1_000_000);
                if (v.isPresent()) fall = v.getAsInt();
            }
            case "init_fail" -> initFail = true;
            default -> {
                return false;
            }
        }
        return true;
    }

    CheckTracking build() {
        return new CheckTracking(interval, timeout != null ? timeout : interval, weight, reverse, rise, fall, initFail);
    }

    private Optional<Duration> positive(ConfigNode n) {
        return values.seconds(n, MAX_SECONDS).filter(d -> {
            if (d.isZero()) diagnostics.error(n.position(), n.keyword() + " must be more than 0");
            return !d.isZero();
        });
    }
}
