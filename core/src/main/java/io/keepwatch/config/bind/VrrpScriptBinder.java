package io.keepwatch.config.bind;

import io.keepwatch.config.Diagnostics;
import io.keepwatch.config.model.ScriptCommand;
import io.keepwatch.config.model.VrrpScriptConfig;
import io.keepwatch.plugin.api.ConfigNode;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** Binds one {@code vrrp_script} block. */
final class VrrpScriptBinder {
    private static final long MAX_SECONDS = 86_400;

    private final Values values;
    private final Diagnostics diagnostics;

    VrrpScriptBinder(Values values) {
        this.values = values;
        this.diagnostics = values.diagnostics();
    }

    Optional<VrrpScriptConfig> bind(ConfigNode block) {
        if (block.arguments().isEmpty()) {
            diagnostics.error(block.position(), "vrrp_script needs a name");
            return Optional.empty();
        }
        String name = block.arguments().getFirst();
        int before = diagnostics.all().size();
        ScriptCommand script = null;
        Duration interval = Duration.ofSeconds(1);
        Duration timeout = null;
        int weight = 0;
        boolean reverse = false;
        int rise = 1, fall = 1;
        Optional<String> user = Optional.empty(), group = Optional.empty();
        boolean initFail = false;
        for (ConfigNode n : block.children()) {
            switch (n.keyword()) {
                case "script" -> script = values.command(n, n.arguments()).orElse(script);
                case "interval" -> interval = positive(n).orElse(interval);
                case "timeout" -> timeout = positive(n).orElse(timeout);
                case "weight" -> {
                    var w = values.integer(n, -Tracking.MAX_WEIGHT, Tracking.MAX_WEIGHT);
                    if (w.isPresent()) weight = w.getAsInt();
                    if (n.arguments().size() > 1) {
                        if (n.arguments().get(1).equals("reverse")) reverse = true;
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
                case "user" -> {
                    user = values.word(n);
                    group = n.arguments().size() > 1 ? Optional.of(n.arguments().get(1)) : Optional.empty();
                }
                case "init_fail" -> initFail = true;
                default -> diagnostics.warning(n.position(), "unknown keyword '" + n.keyword() + "' in vrrp_script "
                        + name + "; ignored");
            }
        }
        if (script == null) diagnostics.error(block.position(), "vrrp_script " + name + " has no script");
        boolean failed = diagnostics.all().subList(before, diagnostics.all().size()).stream()
                .anyMatch(io.keepwatch.config.Diagnostic::isError);
        if (failed) return Optional.empty();
        return Optional.of(new VrrpScriptConfig(name, script, interval, timeout != null ? timeout : interval, weight,
                reverse, rise, fall, user, group, initFail));
    }

    private Optional<Duration> positive(ConfigNode n) {
        return values.seconds(n, MAX_SECONDS).filter(d -> {
            if (d.isZero()) diagnostics.error(n.position(), n.keyword() + " must be more than 0");
            return !d.isZero();
        });
    }

    static List<String> names(List<ConfigNode> blocks) {
        return blocks.stream().filter(b -> !b.arguments().isEmpty()).map(b -> b.arguments().getFirst()).toList();
    }
}
