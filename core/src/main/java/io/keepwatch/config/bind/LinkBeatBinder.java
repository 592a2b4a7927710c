package io.keepwatch.config.bind;

import io.keepwatch.config.diagnostic.Diagnostics;
import io.keepwatch.config.model.LinkBeat;
import io.keepwatch.plugin.api.ConfigNode;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The top-level linkbeat keywords, as keepalived 2.2.7 reads them: {@code linkbeat_use_polling}
 * (polls every instance's interface) and {@code linkbeat_interfaces { IF [MII|ETHTOOL|IOCTL]... }}.
 */
final class LinkBeatBinder {

    static final Set<String> KEYWORDS = Set.of("linkbeat_use_polling", "linkbeat_interfaces");

    private final Diagnostics diagnostics;
    private boolean usePolling;
    private final Map<String, LinkBeat.Probe> interfaces = new LinkedHashMap<>();

    LinkBeatBinder(Diagnostics diagnostics) {
        this.diagnostics = diagnostics;
    }

    void bind(ConfigNode n) {
        switch (n.keyword()) {
            case "linkbeat_use_polling" -> usePolling = true;
            case "linkbeat_interfaces" -> {
                for (ConfigNode line : n.children()) interfaceLine(line);
            }
            default -> throw new IllegalArgumentException(n.keyword());
        }
    }

    /**
     * A {@code vrrp_instance} block's {@code linkbeat_use_polling} (deprecated in keepalived for the
     * block): its interface is polled as if listed in {@code linkbeat_interfaces}.
     */
    void instance(ConfigNode block) {
        boolean polls = block.children().stream().anyMatch(c -> c.keyword().equals("linkbeat_use_polling"));
        block.children().stream().filter(c -> c.keyword().equals("interface") && !c.arguments().isEmpty())
                .reduce((a, b) -> b)
                .filter(c -> polls)
                .ifPresent(c -> interfaces.putIfAbsent(c.arguments().getFirst(), LinkBeat.Probe.ANY));
    }

    /** {@code IF [MII|ETHTOOL|IOCTL]}: a word that is not a probe, or more words, are an error and the line stays. */
    private void interfaceLine(ConfigNode line) {
        LinkBeat.Probe probe = LinkBeat.Probe.ANY;
        if (!line.arguments().isEmpty()) {
            String word = line.arguments().getFirst();
            probe = switch (word) {
                case "MII" -> LinkBeat.Probe.MII;
                case "ETHTOOL" -> LinkBeat.Probe.ETHTOOL;
                case "IOCTL" -> LinkBeat.Probe.IOCTL;
                default -> LinkBeat.Probe.ANY;
            };
            if (probe == LinkBeat.Probe.ANY || line.arguments().size() > 1) {
                diagnostics.error(line.position(), "extra characters " + word + " in linkbeat interface");
            }
        }
        interfaces.put(line.keyword(), probe);
    }

    LinkBeat build() {
        return usePolling || !interfaces.isEmpty() ? new LinkBeat(usePolling, interfaces) : LinkBeat.NONE;
    }
}
