package io.keepwatch.runtime.witness;

import io.keepwatch.config.model.KeepalivedConfig;
import io.keepwatch.config.model.VrrpInstanceConfig;
import io.keepwatch.plugin.api.ConfigNode;
import io.keepwatch.plugin.api.PluginConfigException;
import io.keepwatch.plugin.api.Witness;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** What the core asks of a witness that its plugin cannot judge: a TTL long enough to fence with. */
public final class WitnessRules {

    private WitnessRules() {}

    /**
     * An error at the block's {@code ttl} line (or the block) when an instance fences or elects with
     * the witness {@code name} and its TTL is below {@link FenceTiming#MIN_TTL}.
     */
    public static Optional<PluginConfigException> ttl(KeepalivedConfig config, String name, Witness witness) {
        List<String> users = config.instances().stream().filter(i -> i.witness().witness().equals(name))
                .map(VrrpInstanceConfig::name).toList();
        Duration ttl = witness.ttl();
        if (users.isEmpty() || FenceTiming.fits(ttl)) {
            return Optional.empty();
        }
        ConfigNode block = config.witnesses().get(name);
        return Optional.of(new PluginConfigException(block.child("ttl").map(ConfigNode::position).orElse(block.position()),
                "vrrp_witness " + name + ": ttl " + seconds(ttl) + " s is too short for " + String.join(", ", users)
                        + ": an address fenced by a witness lives in the kernel for whole seconds and may be deleted"
                        + " up to a second late, which needs ttl " + FenceTiming.MIN_TTL.toSeconds() + " or more"));
    }

    private static String seconds(Duration d) {
        return new java.math.BigDecimal(d.toNanos()).movePointLeft(9).stripTrailingZeros().toPlainString();
    }
}
