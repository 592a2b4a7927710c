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

    /**
     * Keywords of VRRP's adverts and of the virtual router's identity, which an {@code election}
     * instance has no use for: it sends and hears no adverts, and a VMAC's address is the virtual
     * router MAC of a VRID (RFC 9568 7.3). The binder warns of each and drops its value, as keepalived
     * warns of a setting it cannot use and goes on.
     */
    static final List<String> VRRP_ONLY = List.of("virtual_router_id", "advert_int", "version", "authentication",
            "auth_hmac", "unicast_src_ip", "unicast_peer", "mcast_src_ip", "use_vmac", "vmac_xmit_base");

    /** A {@code file:line: warning} for each of {@link #VRRP_ONLY} in an election instance's block. */
    static void warnVrrpOnly(Diagnostics diagnostics, ConfigNode block, String label) {
        for (ConfigNode line : block.children()) {
            if (VRRP_ONLY.contains(line.keyword())) {
                diagnostics.warning(line.position(), label + ": " + line.keyword()
                        + " has no use with election (no VRRP adverts); ignored");
            }
        }
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
