package io.keepwatch.config.model;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The top-level {@code static_ipaddress}, {@code static_routes} and {@code static_rules}: present
 * while the daemon runs, whatever the instances' states. keepalived adds them at start, puts back
 * one that someone else deletes, and removes them at stop.
 *
 * @param trackGroups every top-level {@code track_group}, with the lines that name it
 */
public record StaticNetwork(List<VirtualIpAddress> addresses, List<RouteConfig> routes, List<RuleConfig> rules,
                            List<StaticTrackGroup> trackGroups) {
    public static final StaticNetwork NONE = new StaticNetwork(List.of(), List.of(), List.of());

    public StaticNetwork {
        addresses = List.copyOf(addresses);
        routes = List.copyOf(routes);
        rules = List.copyOf(rules);
        trackGroups = List.copyOf(trackGroups);
    }

    /** Static lines without any {@code track_group}. */
    public StaticNetwork(List<VirtualIpAddress> addresses, List<RouteConfig> routes, List<RuleConfig> rules) {
        this(addresses, routes, rules, List.of());
    }

    /**
     * The interfaces {@code instance} tracks through the track groups it belongs to: each naming
     * line's interface (an address's {@code dev}, a route's output interface, a rule's {@code iif}),
     * except for lines with {@code no_track}, which keepalived does not track.
     */
    public Set<String> trackedInterfaces(String instance) {
        Set<String> out = new LinkedHashSet<>();
        for (StaticTrackGroup g : trackGroups) {
            if (!g.instances().contains(instance)) continue;
            g.addresses().stream().map(addresses::get).filter(a -> !a.noTrack())
                    .forEach(a -> a.device().ifPresent(out::add));
            g.routes().stream().map(routes::get).filter(r -> !r.noTrack()).forEach(r -> r.device().ifPresent(out::add));
            g.rules().stream().map(rules::get).filter(r -> !r.noTrack()).forEach(r -> r.iif().ifPresent(out::add));
        }
        return out;
    }

    public boolean isEmpty() {
        return addresses.isEmpty() && routes.isEmpty() && rules.isEmpty();
    }
}
