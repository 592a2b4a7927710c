package io.keepwatch.config.bind;

import io.keepwatch.config.diagnostic.Diagnostics;
import io.keepwatch.config.model.WitnessUse;
import io.keepwatch.plugin.api.ConfigNode;
import io.keepwatch.plugin.api.SourcePosition;
import java.util.Collection;
import java.util.List;
import java.util.Set;

/**
 * {@code witness NAME} and {@code election NAME} in a {@code vrrp_instance} (keepwatch only). The two
 * exclude each other. Naming a {@code vrrp_witness} that is not defined is an error, not keepalived's
 * usual warning for a missing tracked object: ignoring the line would run the instance unfenced (or,
 * for {@code election}, not at all), the opposite of what the operator asked for.
 */
final class WitnessUseBinder {

    static final Set<String> KEYWORDS = Set.of("witness", "election");

    /** What an instance block says, with the line of its keyword. */
    static final class Written {
        WitnessUse use = WitnessUse.NONE;
        SourcePosition at;
    }

    private final Values values;

    WitnessUseBinder(Values values) {
        this.values = values;
    }

    void read(ConfigNode line, Written w, String label) {
        WitnessUse.Mode mode = line.keyword().equals("witness") ? WitnessUse.Mode.FENCE : WitnessUse.Mode.ELECTION;
        var name = values.word(line);
        if (name.isEmpty()) {
            return;
        }
        if (w.use.mode() != WitnessUse.Mode.NONE && w.use.mode() != mode) {
            values.diagnostics().error(line.position(), label + ": " + line.keyword() + " and "
                    + w.use.mode().keyword() + " (" + ConfigBinder.where(w.at, line.position())
                    + ") exclude each other: an instance is either fenced by a witness or elected by one");
            return;
        }
        w.use = new WitnessUse(mode, name.get());
        w.at = line.position();
    }

    /** Each instance's {@code witness}/{@code election} line must name a {@code vrrp_witness} block. */
    static void checkReferences(Diagnostics diagnostics, List<ConfigNode> instances, Collection<String> witnesses) {
        for (ConfigNode block : instances) {
            for (ConfigNode line : block.children()) {
                if (KEYWORDS.contains(line.keyword()) && !line.arguments().isEmpty()
                        && !witnesses.contains(line.arguments().getFirst())) {
                    diagnostics.error(line.position(), "vrrp_instance " + block.arguments().stream().findFirst().orElse("")
                            + ": " + line.keyword() + " " + line.arguments().getFirst()
                            + ": no vrrp_witness block of that name");
                }
            }
        }
    }
}
