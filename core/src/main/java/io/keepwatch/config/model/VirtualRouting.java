package io.keepwatch.config.model;

import java.util.List;

/**
 * An instance's {@code virtual_routes} and {@code virtual_rules}: added when it becomes MASTER, after
 * its addresses, and removed when it leaves MASTER, rules first (keepalived's order).
 */
public record VirtualRouting(List<RouteConfig> routes, List<RuleConfig> rules) {
    public static final VirtualRouting NONE = new VirtualRouting(List.of(), List.of());

    public VirtualRouting {
        routes = List.copyOf(routes);
        rules = List.copyOf(rules);
    }

    public boolean isEmpty() {
        return routes.isEmpty() && rules.isEmpty();
    }
}
