package io.keepwatch.config.model;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A top-level {@code garp_group}: the minimum spacing of gratuitous ARPs and of unsolicited
 * neighbour advertisements on a set of interfaces. As in keepalived, the interfaces of one group
 * share one spacing: an announcement on any of them holds back the next one on all of them. An
 * interval the group leaves out falls back to none (keepalived's group replaces the global
 * {@code vrrp_garp_interval} / {@code vrrp_gna_interval} on its interfaces).
 *
 * @param garpInterval {@code garp_interval SECONDS}
 * @param gnaInterval {@code gna_interval SECONDS}
 * @param interfaces {@code interface IF} and {@code interfaces { IF ... }}, in file order
 */
public record GarpGroup(Optional<Duration> garpInterval, Optional<Duration> gnaInterval, List<String> interfaces) {
    public GarpGroup {
        Objects.requireNonNull(garpInterval, "garpInterval");
        Objects.requireNonNull(gnaInterval, "gnaInterval");
        interfaces = List.copyOf(interfaces);
    }
}
