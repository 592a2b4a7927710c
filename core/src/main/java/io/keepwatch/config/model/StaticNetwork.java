package io.keepwatch.config.model;

import java.util.List;

/**
 * The top-level {@code static_ipaddress}, {@code static_routes} and {@code static_rules}: present
 * while the daemon runs, whatever the instances' states. keepalived adds them at start, puts back
 * one that someone else deletes, and removes them at stop.
 */
public record StaticNetwork(List<VirtualIpAddress> addresses, List<RouteConfig> routes, List<RuleConfig> rules) {
    public static final StaticNetwork NONE = new StaticNetwork(List.of(), List.of(), List.of());

    public StaticNetwork {
        addresses = List.copyOf(addresses);
        routes = List.copyOf(routes);
        rules = List.copyOf(rules);
    }

    public boolean isEmpty() {
        return addresses.isEmpty() && routes.isEmpty() && rules.isEmpty();
    }
}
