package io.keepwatch.config.bind;

import io.keepwatch.config.model.SplitBrainHeal;
import io.keepwatch.plugin.api.ConfigNode;
import java.util.Set;

/**
 * Binds {@code split_brain_heal on|off} in {@code global_defs} and in a {@code vrrp_instance}
 * (which starts from the global setting). Without an argument it means on; a bad argument is an
 * error and keeps the setting before it.
 */
final class SplitBrainHealBinder {

    /** The keywords this binder reads. */
    static final Set<String> KEYWORDS = Set.of("split_brain_heal");

    private final Values values;

    SplitBrainHealBinder(Values values) {
        this.values = values;
    }

    SplitBrainHeal read(ConfigNode n, SplitBrainHeal before) {
        return values.flag(n).map(SplitBrainHeal::new).orElse(before);
    }
}
