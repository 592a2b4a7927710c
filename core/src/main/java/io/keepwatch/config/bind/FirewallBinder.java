package io.keepwatch.config.bind;

import io.keepwatch.config.model.FirewallSettings;
import io.keepwatch.plugin.api.ConfigNode;
import java.util.Optional;
import java.util.Set;

/** Binds keepalived's firewall keywords of {@code global_defs} to {@link FirewallSettings}. */
final class FirewallBinder {

    static final Set<String> KEYWORDS = Set.of("vrrp_iptables", "vrrp_ipsets", "nftables", "nftables_priority",
            "nftables_ifindex", "nftables_counters");

    private final Values values;
    private Optional<String> table = Optional.empty();
    private int priority = FirewallSettings.DEFAULT_PRIORITY;
    private boolean ifindex;
    private boolean counters;

    FirewallBinder(Values values) {
        this.values = values;
    }

    void bind(ConfigNode n) {
        switch (n.keyword()) {
            case "vrrp_iptables", "vrrp_ipsets" -> {
                // What Debian's keepalived 2.2.7 (built with nftables, without iptables) does, and says.
                values.diagnostics().warning(n.position(), n.keyword() + ": iptables is not supported; nftables"
                        + " (table " + FirewallSettings.DEFAULT_TABLE + ") is used instead, as keepalived built"
                        + " with nftables does. Replace vrrp_iptables and vrrp_ipsets with nftables");
                if (table.isEmpty()) {
                    table = Optional.of(FirewallSettings.DEFAULT_TABLE);
                }
            }
            case "nftables" -> {
                if (table.isPresent()) {
                    values.diagnostics().warning(n.position(), "nftables already specified; ignored");
                    return;
                }
                String name = n.arguments().isEmpty() ? FirewallSettings.DEFAULT_TABLE : n.arguments().getFirst();
                if (name.length() > FirewallSettings.MAX_TABLE_NAME
                        || !name.matches("[A-Za-z][A-Za-z0-9_./-]*")) {
                    values.diagnostics().error(n.position(), "nftables table name '" + name
                            + "' is not a name nft takes (a letter, then letters, digits, _ . / -; at most 255)");
                    return;
                }
                table = Optional.of(name);
            }
            case "nftables_priority" -> values.integer(n, Integer.MIN_VALUE, Integer.MAX_VALUE)
                    .ifPresent(p -> priority = p);
            case "nftables_ifindex" -> values.flag(n).ifPresent(b -> ifindex = b);
            case "nftables_counters" -> values.flag(n).ifPresent(b -> counters = b);
            default -> throw new IllegalArgumentException("not a firewall keyword: " + n.keyword());
        }
    }

    FirewallSettings build() {
        return new FirewallSettings(table, priority, ifindex, counters);
    }
}
