package io.keepwatch.config.bind;

import io.keepwatch.config.diagnostic.Diagnostics;
import io.keepwatch.config.model.CheckTracking;
import io.keepwatch.config.model.ScriptCommand;
import io.keepwatch.config.model.VrrpScriptConfig;
import io.keepwatch.plugin.api.ConfigNode;
import java.util.Optional;

/** Binds one {@code vrrp_script} block, and the tracking keywords of a {@code vrrp_check} block. */
final class VrrpScriptBinder {
    private final Values values;
    private final Diagnostics diagnostics;

    VrrpScriptBinder(Values values) {
        this.values = values;
        this.diagnostics = values.diagnostics();
    }

    Optional<VrrpScriptConfig> bind(ConfigNode block) {
        String name = block.arguments().getFirst();
        int before = diagnostics.all().size();
        TrackingKeywords tracking = new TrackingKeywords(values);
        ScriptCommand script = null;
        Optional<String> user = Optional.empty(), group = Optional.empty();
        for (ConfigNode n : block.children()) {
            if (tracking.read(n)) continue;
            switch (n.keyword()) {
                case "script" -> script = values.command(n, n.arguments()).orElse(script);
                case "user" -> {
                    user = values.word(n);
                    group = n.arguments().size() > 1 ? Optional.of(n.arguments().get(1)) : Optional.empty();
                }
                default -> OutOfScope.warn(diagnostics, n, " in vrrp_script " + name);
            }
        }
        if (script == null) diagnostics.error(block.position(), "vrrp_script " + name + " has no script");
        if (values.errorsSince(before)) return Optional.empty();
        CheckTracking t = tracking.build();
        return Optional.of(new VrrpScriptConfig(name, script, t.interval(), t.timeout(), t.weight(), t.weightReverse(),
                t.rise(), t.fall(), user, group, t.initFail()));
    }

    /**
     * The tracking keywords of a plugin-owned {@code vrrp_check}; its other keywords are the
     * plugin's and are left alone here.
     */
    Optional<CheckTracking> checkTracking(ConfigNode block) {
        int before = diagnostics.all().size();
        TrackingKeywords tracking = new TrackingKeywords(values);
        block.children().forEach(tracking::read);
        return values.errorsSince(before) ? Optional.empty() : Optional.of(tracking.build());
    }
}
