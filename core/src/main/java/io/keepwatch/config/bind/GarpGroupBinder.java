package io.keepwatch.config.bind;

import io.keepwatch.config.model.GarpGroup;
import io.keepwatch.plugin.api.ConfigNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Top-level {@code garp_group} blocks, read as keepalived 2.2.7 reads them: an interface named by an
 * earlier group stays with that group (warned), and a group that sets neither interval is dropped
 * (warned). Interfaces are not looked up here: like keepalived with interfaces that appear later,
 * the spacing applies once an interface of that name is used.
 */
final class GarpGroupBinder {
    /** keepalived's bound on a garp_group interval (INT_MAX microseconds). */
    private static final long MAX_SECONDS = Integer.MAX_VALUE / 1_000_000L;

    private final Values values;
    private final Set<String> claimed = new HashSet<>();

    GarpGroupBinder(Values values) {
        this.values = values;
    }

    List<GarpGroup> bind(List<ConfigNode> blocks) {
        List<GarpGroup> groups = new ArrayList<>();
        for (ConfigNode block : blocks) bind(block).ifPresent(groups::add);
        return groups;
    }

    private Optional<GarpGroup> bind(ConfigNode block) {
        Optional<Duration> garp = Optional.empty();
        Optional<Duration> gna = Optional.empty();
        List<String> interfaces = new ArrayList<>();
        for (ConfigNode n : values.block(block)) {
            switch (n.keyword()) {
                case "garp_interval" -> garp = values.seconds(n, MAX_SECONDS);
                case "gna_interval" -> gna = values.seconds(n, MAX_SECONDS);
                case "interface" -> values.word(n).ifPresent(name -> claim(n, name, interfaces));
                case "interfaces" -> {
                    List<ConfigNode> lines = values.block(n);
                    if (lines.isEmpty()) {
                        values.diagnostics().warning(n.position(), "garp_group: empty interfaces block");
                    }
                    for (ConfigNode line : lines) {
                        claim(line, line.keyword(), interfaces);
                        line.arguments().forEach(name -> claim(line, name, interfaces));
                    }
                }
                default -> values.diagnostics().warning(n.position(), "unknown keyword '" + n.keyword() + "' in garp_group; ignored");
            }
        }
        if (garp.isEmpty() && gna.isEmpty()) {
            values.diagnostics().warning(block.position(),
                    "garp_group sets neither garp_interval nor gna_interval; group ignored");
            claimed.removeAll(interfaces);
            return Optional.empty();
        }
        return Optional.of(new GarpGroup(garp, gna, interfaces));
    }

    private void claim(ConfigNode at, String name, List<String> interfaces) {
        if (!claimed.add(name)) {
            values.diagnostics().warning(at.position(), "garp_group already specified for " + name + "; ignored");
            return;
        }
        interfaces.add(name);
    }
}
