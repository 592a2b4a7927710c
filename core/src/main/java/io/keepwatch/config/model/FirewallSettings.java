package io.keepwatch.config.model;

import java.util.Objects;
import java.util.Optional;

/**
 * The nftables drop rules of {@code global_defs}, keepalived's firewall for instances without accept
 * mode (RFC 9568 6.4.3: a master that is not the address owner must not accept packets addressed to
 * the virtual addresses): while such an instance is MASTER its VIPs are in the set {@code vips} of
 * the tables {@code ip TABLE} and {@code ip6 TABLE}, and the table's input and output chains drop what
 * goes to or comes from them.
 *
 * @param table    {@code nftables [TABLE]} (default name {@code keepalived}), or {@code vrrp_iptables},
 *                 which keepalived built with nftables (Debian's) takes as {@code nftables}; empty: no rules
 * @param priority {@code nftables_priority}: the chains' hook priority; default -1 (just before filter)
 * @param ifindex  {@code nftables_ifindex}: link-local VIPs are matched with the interface's index
 *                 (keepwatch always does: it has no other way)
 * @param counters {@code nftables_counters}: the rules count what they match
 */
public record FirewallSettings(Optional<String> table, int priority, boolean ifindex, boolean counters) {

    public static final String DEFAULT_TABLE = "keepalived";
    public static final int DEFAULT_PRIORITY = -1;
    /** NFT_TABLE_MAXNAMELEN less the terminating NUL. */
    public static final int MAX_TABLE_NAME = 255;

    public static final FirewallSettings DEFAULTS = new FirewallSettings(Optional.empty(), DEFAULT_PRIORITY, false, false);

    public FirewallSettings {
        Objects.requireNonNull(table, "table");
        table.ifPresent(t -> {
            if (!t.matches("[A-Za-z][A-Za-z0-9_./-]*") || t.length() > MAX_TABLE_NAME) {
                throw new IllegalArgumentException("nftables table name '" + t + "'");
            }
        });
    }
}
