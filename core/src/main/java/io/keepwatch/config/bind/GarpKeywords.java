package io.keepwatch.config.bind;

import io.keepwatch.config.model.GarpConfig.GarpExtraIf;
import io.keepwatch.plugin.api.ConfigNode;
import java.time.Duration;
import java.util.Optional;

/** GARP keywords that read alike in {@code global_defs} and in a {@code vrrp_instance}. */
final class GarpKeywords {
    private GarpKeywords() {}

    /**
     * {@code garp_extra_if [all] SECONDS} (and its global and deprecated spellings), SECONDS 0..86400:
     * empty for a line in error, else the setting, where 0 turns it off.
     */
    static Optional<Optional<GarpExtraIf>> extraIf(Values values, ConfigNode n, String label) {
        if (n.keyword().endsWith("vmac_garp_intvl")) {
            values.diagnostics().warning(n.position(), n.keyword() + " is deprecated; use "
                    + (n.keyword().startsWith("vrrp_") ? "vrrp_garp_extra_if" : "garp_extra_if"));
        }
        boolean all = false;
        Integer seconds = null;
        for (String word : n.arguments()) {
            if (word.equals("all")) {
                all = true;
                continue;
            }
            var v = values.integer(n, word, 0, 86_400);
            if (v.isEmpty()) {
                return Optional.empty();
            }
            seconds = v.getAsInt();
        }
        if (seconds == null) {
            values.diagnostics().error(n.position(), label + n.keyword() + " needs a number of seconds");
            return Optional.empty();
        }
        return Optional.of(seconds == 0 ? Optional.empty()
                : Optional.of(new GarpExtraIf(Duration.ofSeconds(seconds), all)));
    }
}
