package io.keepwatch.config.model;

import java.util.List;
import java.util.Objects;

/**
 * A top-level {@code track_group NAME { group { INSTANCE ... } }} and the static lines that name it
 * ({@code track_group NAME} on a {@code static_ipaddress}, {@code static_routes} or {@code static_rules}
 * line). As keepalived's vrrp_static_track.c, the group's instances track the interface of each such
 * line like a {@code track_interface} of weight 0: FAULT while it is down.
 *
 * @param name      the group's name
 * @param instances the members that exist, in the order written
 * @param addresses indexes into {@link StaticNetwork#addresses()} of the addresses that name the group
 * @param routes    indexes into {@link StaticNetwork#routes()} of the routes that name the group
 * @param rules     indexes into {@link StaticNetwork#rules()} of the rules that name the group
 */
public record StaticTrackGroup(String name, List<String> instances, List<Integer> addresses, List<Integer> routes,
                               List<Integer> rules) {
    public StaticTrackGroup {
        Objects.requireNonNull(name, "name");
        instances = List.copyOf(instances);
        addresses = List.copyOf(addresses);
        routes = List.copyOf(routes);
        rules = List.copyOf(rules);
    }
}
