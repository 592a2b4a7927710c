package io.keepwatch.runtime.net;

import io.keepwatch.config.model.RouteConfig;
import io.keepwatch.config.model.RouteText;
import io.keepwatch.config.model.RuleConfig;
import io.keepwatch.linux.AddressSpec;
import io.keepwatch.linux.Constants;
import io.keepwatch.linux.Errno;
import io.keepwatch.linux.IfAddress;
import io.keepwatch.linux.NativeException;
import io.keepwatch.linux.RouteSpec;
import io.keepwatch.linux.ReceiveBuffer;
import io.keepwatch.linux.RtNetlink;
import io.keepwatch.linux.RtRoutes;
import io.keepwatch.linux.RuleSpec;
import io.keepwatch.vrrp.AddressFamily;
import java.io.IOException;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Routes, rules and static addresses in the kernel, through rtnetlink, with the ledger of what this
 * process added: each under its owner (an instance's name, or {@link #STATIC}), as it was sent, so
 * that a removal takes away exactly that and a deletion the kernel reports can be told to be ours.
 * Like keepalived, routes and rules go in marked with protocol 18 (keepalived's, unless the
 * configuration names another), which is how the start after a kill -9 finds what was left.
 * VRRP thread only (the stop runs after that thread has ended).
 */
public final class RoutingPlane implements AutoCloseable {
    /** The owner of static_ipaddress, static_routes and static_rules. */
    public static final String STATIC = "static";

    private static final Logger LOG = LoggerFactory.getLogger(RoutingPlane.class);

    /** A route in the kernel because {@code owner} added it. */
    public record HeldRoute(String owner, RouteConfig config, RouteSpec spec) {
        public String text() {
            return RouteText.route(config);
        }
    }

    /** A rule in the kernel because {@code owner} added it. */
    public record HeldRule(String owner, RuleConfig config, RuleSpec spec) {
        public String text() {
            return RouteText.rule(config);
        }
    }

    /** A static address added to {@code device}. */
    public record HeldAddress(String device, AddressSpec spec) {}

    private final RtNetlink netlink;
    private final RtRoutes kernel;
    private final Map<String, List<HeldRoute>> routes = new LinkedHashMap<>();
    private final Map<String, List<HeldRule>> rules = new LinkedHashMap<>();
    private final List<HeldAddress> addresses = new ArrayList<>();

    private RoutingPlane(RtNetlink netlink) {
        this.netlink = netlink;
        this.kernel = new RtRoutes(netlink);
    }

    /** A request socket in the calling thread's network namespace. */
    public static RoutingPlane open(ReceiveBuffer receiveBuffer) throws IOException {
        return new RoutingPlane(RtNetlink.open(receiveBuffer));
    }

    /** Adds {@code owner}'s routes, then its rules (keepalived's order), recording each one added. */
    public void add(String owner, Collection<RouteConfig> routeConfigs, Collection<RuleConfig> ruleConfigs) {
        for (RouteConfig config : routeConfigs) {
            if (heldRoute(owner, config).isPresent()) {
                continue;
            }
            try {
                RouteSpec spec = routeSpec(config);
                addRoute(spec, config);
                routes.computeIfAbsent(owner, o -> new ArrayList<>()).add(new HeldRoute(owner, config, spec));
            } catch (IOException e) {
                LOG.error("({}) cannot add route {}: {}", owner, RouteText.route(config), e.getMessage());
            }
        }
        for (RuleConfig config : ruleConfigs) {
            if (heldRule(owner, config).isPresent()) {
                continue;
            }
            try {
                RuleSpec spec = ruleSpec(config);
                addRule(spec);
                rules.computeIfAbsent(owner, o -> new ArrayList<>()).add(new HeldRule(owner, config, spec));
            } catch (IOException e) {
                LOG.error("({}) cannot add rule {}: {}", owner, RouteText.rule(config), e.getMessage());
            }
        }
    }

    /**
     * Adds again the held routes of {@code owner} through {@code device} and the held addresses on it,
     * which the kernel dropped without a word while the link was down (keepalived's
     * static_track_group_reinstate_config, at interface_up); ones that are there count as added.
     */
    public void reinstate(String owner, String device) {
        for (HeldRoute held : routes.getOrDefault(owner, List.of())) {
            if (held.config().noTrack() || !held.config().device().equals(Optional.of(device))) continue;
            try {
                addRoute(held.spec(), held.config());
            } catch (IOException e) {
                LOG.error("({}) cannot put back route {}: {}", owner, RouteText.route(held.config()), e.getMessage());
            }
        }
        for (HeldAddress held : addresses) {
            if (!held.device().equals(device)) continue;
            try {
                netlink.addAddress(device, held.spec());
            } catch (NativeException e) {
                if (e.errno() != Errno.EEXIST) {
                    LOG.error("cannot put back static address {} on {}: {}", held.spec(), device, e.getMessage());
                }
            } catch (IOException e) {
                LOG.error("cannot put back static address {} on {}: {}", held.spec(), device, e.getMessage());
            }
        }
    }

    /** One that is there already counts as added and as ours, as for addresses. */
    private void addRoute(RouteSpec spec, RouteConfig config) throws IOException {
        try {
            kernel.addRoute(spec, config.mode().equals("append"));
        } catch (NativeException e) {
            if (e.errno() != Errno.EEXIST) {
                throw e;
            }
        }
    }

    private void addRule(RuleSpec spec) throws IOException {
        try {
            kernel.addRule(spec);
        } catch (NativeException e) {
            if (e.errno() != Errno.EEXIST) {
                throw e;
            }
        }
    }

    /** Removes the rules, then the routes, {@code owner} holds (keepalived's order when leaving MASTER). */
    public void remove(String owner) {
        removeExcept(owner, List.of(), List.of());
    }

    /**
     * Removes what {@code owner} holds that is not in {@code keepRoutes} / {@code keepRules}: a reload
     * that drops a route of a MASTER, or a static one.
     */
    public void removeExcept(String owner, Collection<RouteConfig> keepRoutes, Collection<RuleConfig> keepRules) {
        for (HeldRule held : List.copyOf(rules.getOrDefault(owner, List.of()))) {
            if (keepRules.contains(held.config())) {
                continue;
            }
            try {
                deleteRule(held.spec());
                rules.get(owner).remove(held);
            } catch (IOException e) {
                LOG.error("({}) cannot remove rule {}: {}", owner, held.text(), e.getMessage());
            }
        }
        for (HeldRoute held : List.copyOf(routes.getOrDefault(owner, List.of()))) {
            if (keepRoutes.contains(held.config())) {
                continue;
            }
            try {
                deleteRoute(held.spec());
                routes.get(owner).remove(held);
            } catch (IOException e) {
                LOG.error("({}) cannot remove route {}: {}", owner, held.text(), e.getMessage());
            }
        }
    }

    /** Gone already (someone deleted it, or it went with its device or its source address) counts as removed. */
    private void deleteRoute(RouteSpec spec) throws IOException {
        try {
            kernel.deleteRoute(spec);
        } catch (NativeException e) {
            if (e.errno() != Errno.ESRCH && e.errno() != Errno.ENODEV) {
                throw e;
            }
        }
    }

    private void deleteRule(RuleSpec spec) throws IOException {
        try {
            kernel.deleteRule(spec);
        } catch (NativeException e) {
            if (e.errno() != Errno.ENOENT) {
                throw e;
            }
        }
    }

    /**
     * The held route the kernel reports deleted, now forgotten, or empty when the route is none of
     * ours or is in the kernel again. The report can be older than the table: the removal of an
     * instance that left MASTER and took over again is reported after the route was added back, so
     * the kernel is asked (a dump, for a rare event) before the route counts as deleted.
     */
    public Optional<HeldRoute> routeDeleted(RouteSpec reported) throws IOException {
        for (List<HeldRoute> held : routes.values()) {
            for (HeldRoute h : held) {
                if (h.spec().sameRoute(reported)) {
                    if (kernel.routes().stream().anyMatch(h.spec()::sameRoute)) {
                        return Optional.empty();
                    }
                    held.remove(h);
                    return Optional.of(h);
                }
            }
        }
        return Optional.empty();
    }

    /** As {@link #routeDeleted} for a rule. */
    public Optional<HeldRule> ruleDeleted(RuleSpec reported) throws IOException {
        for (List<HeldRule> held : rules.values()) {
            for (HeldRule h : held) {
                if (h.spec().sameRule(reported)) {
                    if (kernel.rules().stream().anyMatch(h.spec()::sameRule)) {
                        return Optional.empty();
                    }
                    held.remove(h);
                    return Optional.of(h);
                }
            }
        }
        return Optional.empty();
    }

    private Optional<HeldRoute> heldRoute(String owner, RouteConfig config) {
        return routes.getOrDefault(owner, List.of()).stream().filter(h -> h.config().equals(config)).findFirst();
    }

    private Optional<HeldRule> heldRule(String owner, RuleConfig config) {
        return rules.getOrDefault(owner, List.of()).stream().filter(h -> h.config().equals(config)).findFirst();
    }

    /** Adds a static address to {@code device}; one that is there already counts as added. */
    public void addAddress(String device, AddressSpec spec) {
        if (addresses.contains(new HeldAddress(device, spec))) {
            return;
        }
        try {
            try {
                netlink.addAddress(device, spec);
            } catch (NativeException e) {
                if (e.errno() != Errno.EEXIST) {
                    throw e;
                }
            }
            addresses.add(new HeldAddress(device, spec));
        } catch (IOException e) {
            LOG.error("cannot add static address {} to {}: {}", spec, device, e.getMessage());
        }
    }

    /**
     * The held static address the kernel reports deleted, now forgotten, or empty when the address
     * is none of ours, its device is gone, or it is on its device again (as for routes, the report
     * may be older than the kernel's table).
     */
    public Optional<HeldAddress> addressDeleted(IfAddress reported) throws IOException {
        for (HeldAddress held : List.copyOf(addresses)) {
            if (held.spec().prefixLength() != reported.prefixLength()
                    || !reported.matches(reported.ifIndex(), held.spec().address())) {
                continue;
            }
            int index;
            try {
                index = netlink.ifIndex(held.device());
            } catch (IOException gone) {
                continue;
            }
            if (index != reported.ifIndex()) {
                continue;
            }
            if (netlink.addresses().stream().anyMatch(a -> a.matches(index, held.spec().address()))) {
                return Optional.empty();
            }
            addresses.remove(held);
            return Optional.of(held);
        }
        return Optional.empty();
    }

    /** Removes the static addresses added, except those in {@code keep} (device to specs). */
    public void removeAddressesExcept(Map<String, List<AddressSpec>> keep) {
        for (HeldAddress held : List.copyOf(addresses)) {
            if (keep.getOrDefault(held.device(), List.of()).contains(held.spec())) {
                continue;
            }
            try {
                netlink.deleteAddress(held.device(), held.spec());
            } catch (NativeException e) {
                if (e.errno() != Errno.EADDRNOTAVAIL && e.errno() != Errno.ENODEV) {
                    LOG.error("cannot remove static address {} from {}: {}", held.spec(), held.device(),
                            e.getMessage());
                    continue;
                }
            } catch (IOException e) {
                LOG.error("cannot remove static address {} from {}: {}", held.spec(), held.device(), e.getMessage());
                continue;
            }
            addresses.remove(held);
        }
    }

    /**
     * Removes what an earlier run left of these routes and rules (a run ended by kill -9 removes
     * nothing): each kernel route or rule that is one of them and carries keepalived's protocol, as
     * this process adds them; a route or rule written with another protocol is never taken for ours.
     * Nothing an owner of this process holds is touched.
     *
     * @return the routes and rules removed, as text (for the log)
     */
    public List<String> clearLeftovers(Collection<RouteConfig> routeConfigs, Collection<RuleConfig> ruleConfigs)
            throws IOException {
        List<String> removed = new ArrayList<>();
        if (!routeConfigs.isEmpty()) {
            List<RouteSpec> present = kernel.routes();
            for (RouteConfig config : routeConfigs) {
                RouteSpec spec;
                try {
                    spec = routeSpec(config);
                } catch (IOException noDevice) {
                    continue;
                }
                if (spec.protocol() != RouteSpec.RTPROT_KEEPALIVED || isHeld(spec)
                        || present.stream().noneMatch(spec::sameRoute)) {
                    continue;
                }
                deleteRoute(spec);
                removed.add("route " + RouteText.route(config));
            }
        }
        if (!ruleConfigs.isEmpty()) {
            List<RuleSpec> present = kernel.rules();
            for (RuleConfig config : ruleConfigs) {
                RuleSpec spec = ruleSpec(config);
                if (spec.protocol() != RouteSpec.RTPROT_KEEPALIVED
                        || rules.values().stream().flatMap(List::stream).anyMatch(h -> h.spec().sameRule(spec))
                        || present.stream().noneMatch(spec::sameRule)) {
                    continue;
                }
                deleteRule(spec);
                removed.add("rule " + RouteText.rule(config));
            }
        }
        return removed;
    }

    private boolean isHeld(RouteSpec spec) {
        return routes.values().stream().flatMap(List::stream).anyMatch(h -> h.spec().sameRoute(spec));
    }

    /** What the kernel is asked for: the route's device by index in this socket's namespace. */
    RouteSpec routeSpec(RouteConfig c) throws IOException {
        int oif = c.device().isPresent() ? netlink.ifIndex(c.device().get()) : 0;
        Map<Integer, Integer> metrics = new HashMap<>();
        c.metrics().forEach((name, value) -> metrics.put(switch (name) {
            case "mtu" -> RouteSpec.RTAX_MTU;
            case "advmss" -> RouteSpec.RTAX_ADVMSS;
            case "hoplimit" -> RouteSpec.RTAX_HOPLIMIT;
            case "initcwnd" -> RouteSpec.RTAX_INITCWND;
            default -> RouteSpec.RTAX_INITRWND;
        }, value.intValue()));
        return new RouteSpec(family(c.family()), routeType(c.type()), (int) c.table(), c.effectiveProtocol(),
                c.scope(), c.tos(), c.onlink() ? RouteSpec.RTNH_F_ONLINK : 0, c.destination().address(),
                c.destination().length(), c.from().map(p -> p.address()).orElse(null),
                c.from().map(p -> p.length()).orElse(0), c.src().orElse(null), c.via().orElse(null), oif,
                c.metric().orElse(-1), metrics);
    }

    static RuleSpec ruleSpec(RuleConfig c) {
        int action = switch (c.action()) {
            case "table", "l3mdev" -> RuleSpec.FR_ACT_TO_TBL;
            case "goto" -> RuleSpec.FR_ACT_GOTO;
            case "nop" -> RuleSpec.FR_ACT_NOP;
            case "blackhole" -> RuleSpec.FR_ACT_BLACKHOLE;
            case "unreachable" -> RuleSpec.FR_ACT_UNREACHABLE;
            default -> RuleSpec.FR_ACT_PROHIBIT;
        };
        InetAddress from = c.from().map(p -> p.address()).orElse(null);
        InetAddress to = c.to().map(p -> p.address()).orElse(null);
        return new RuleSpec(family(c.family()), action, c.action().equals("table") ? (int) c.table() : 0,
                c.priority(), c.tos(), c.not(), from, c.from().map(p -> p.length()).orElse(0), to,
                c.to().map(p -> p.length()).orElse(0), c.fwmark().orElse(-1), c.fwmask().orElse(-1),
                c.iif().orElse(null), c.oif().orElse(null), c.gotoTarget(), c.action().equals("l3mdev"),
                c.protocol().orElse(-1), c.suppressPrefixLength().orElse(-1), c.ipProto().orElse(-1),
                c.sport().map(r -> (int) r.low()).orElse(-1), c.sport().map(r -> (int) r.high()).orElse(-1),
                c.dport().map(r -> (int) r.low()).orElse(-1), c.dport().map(r -> (int) r.high()).orElse(-1),
                c.uidRange().map(r -> r.low()).orElse(-1L), c.uidRange().map(r -> r.high()).orElse(-1L));
    }

    private static int family(AddressFamily f) {
        return f == AddressFamily.IPV4 ? Constants.AF_INET : Constants.AF_INET6;
    }

    private static int routeType(String type) {
        return switch (type) {
            case "local" -> RouteSpec.RTN_LOCAL;
            case "broadcast" -> RouteSpec.RTN_BROADCAST;
            case "anycast" -> RouteSpec.RTN_ANYCAST;
            case "multicast" -> RouteSpec.RTN_MULTICAST;
            case "blackhole" -> RouteSpec.RTN_BLACKHOLE;
            case "unreachable" -> RouteSpec.RTN_UNREACHABLE;
            case "prohibit" -> RouteSpec.RTN_PROHIBIT;
            case "throw" -> RouteSpec.RTN_THROW;
            case "nat" -> RouteSpec.RTN_NAT;
            default -> RouteSpec.RTN_UNICAST;
        };
    }

    @Override
    public void close() {
        netlink.close();
    }
}
