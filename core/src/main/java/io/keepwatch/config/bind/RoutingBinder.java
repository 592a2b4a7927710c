package io.keepwatch.config.bind;

import io.keepwatch.config.diagnostic.Diagnostics;
import io.keepwatch.config.model.RouteConfig;
import io.keepwatch.config.model.RoutePrefix;
import io.keepwatch.config.model.RuleConfig;
import io.keepwatch.config.model.StaticNetwork;
import io.keepwatch.config.model.VirtualIpAddress;
import io.keepwatch.config.model.VirtualRouting;
import io.keepwatch.plugin.api.ConfigNode;
import io.keepwatch.plugin.api.SourcePosition;
import io.keepwatch.vrrp.AddressFamily;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.Set;
import java.util.function.Function;

/**
 * Binds the lines of {@code virtual_routes}, {@code virtual_rules}, {@code static_routes} and
 * {@code static_rules} as keepalived reads them (alloc_route, alloc_rule): ip-route's and
 * ip-rule's words. A line keepalived refuses is warned about and left out, as keepalived does, and
 * the options keepwatch does not carry out are named in a warning and skipped. Tracking follows
 * keepalived: a tracked route or rule is marked with keepalived's protocol (18), and a route
 * without {@code dev} is not tracked.
 */
final class RoutingBinder {
    /** keepalived numbers rules that have no preference from here down, per family (RULE_START_PRIORITY). */
    static final long FIRST_AUTOMATIC_PRIORITY = 16384;

    private static final Set<String> ROUTE_TYPES = Set.of("unicast", "local", "broadcast", "anycast", "multicast",
            "blackhole", "unreachable", "prohibit", "throw", "nat");
    private static final Set<String> ROUTE_METRICS = Set.of("mtu", "advmss", "hoplimit", "initcwnd", "initrwnd");
    /** Route options keepalived knows and keepwatch does not carry out: each takes one value ("lock" aside). */
    private static final Set<String> ROUTE_IGNORED_WITH_VALUE = Set.of("expires", "rtt", "rttvar", "reordering",
            "window", "cwnd", "ssthresh", "realms", "rto_min", "features", "quickack", "congctl", "pref",
            "ttl-propagate", "fastopen_no_cookie", "vrf", "track_group", "or");
    private static final Set<String> RULE_IGNORED_WITH_VALUE = Set.of("realms", "suppress_ifgroup", "sup_group",
            "tunnel-id", "track_group");
    private static final Set<String> RULE_ACTIONS = Set.of("nop", "blackhole", "unreachable", "prohibit");

    private final Diagnostics diagnostics;
    private final RtNames names;
    private final long[] nextPriority;

    /** @param nextPriority the next automatic rule preference of IPv4 [0] and IPv6 [1], shared by the file */
    RoutingBinder(Diagnostics diagnostics, RtNames names, long[] nextPriority) {
        this.diagnostics = diagnostics;
        this.names = names;
        this.nextPriority = nextPriority;
    }

    /** {@code virtual_routes} and {@code virtual_rules} blocks of one instance, in file order. */
    VirtualRouting virtualRouting(List<ConfigNode> blocks, Values values) {
        List<RouteConfig> routes = new ArrayList<>();
        List<RuleConfig> rules = new ArrayList<>();
        for (ConfigNode block : blocks) {
            for (ConfigNode line : values.block(block)) {
                if (block.keyword().equals("virtual_routes")) {
                    route(line).ifPresent(routes::add);
                } else {
                    rule(line).ifPresent(rules::add);
                }
            }
        }
        return new VirtualRouting(routes, rules);
    }

    /**
     * The top-level {@code static_ipaddress}, {@code static_routes} and {@code static_rules} blocks,
     * in file order. A static address without {@code dev} goes on {@code defaultInterface}
     * ({@code default_interface}, eth0 unless set), as keepalived puts it.
     */
    StaticNetwork statics(List<ConfigNode> blocks, Values values, VirtualAddressBinder addressBinder,
                          String defaultInterface, StaticTrackGroupBinder trackGroups) {
        List<VirtualIpAddress> addresses = new ArrayList<>();
        List<RouteConfig> routes = new ArrayList<>();
        List<RuleConfig> rules = new ArrayList<>();
        for (ConfigNode block : blocks) {
            for (ConfigNode written : values.block(block)) {
                StaticTrackGroupBinder.Stripped line = trackGroups.strip(written);
                switch (block.keyword()) {
                    case "static_ipaddress" -> addressBinder.bind(line.line()).ifPresent(a -> {
                        trackGroups.address(line, a, addresses.size());
                        addresses.add(a.device().isPresent() ? a : a.onDevice(defaultInterface));
                    });
                    case "static_routes" -> route(line.line()).ifPresent(r -> {
                        trackGroups.route(line, r, routes.size());
                        routes.add(r);
                    });
                    default -> rule(line.line()).ifPresent(r -> {
                        trackGroups.rule(line, r, rules.size());
                        rules.add(r);
                    });
                }
            }
        }
        return new StaticNetwork(addresses, routes, rules, trackGroups.groups());
    }

    /** The words of a line: its keyword and its arguments. */
    private static List<String> words(ConfigNode line) {
        List<String> words = new ArrayList<>();
        words.add(line.keyword());
        words.addAll(line.arguments());
        return words;
    }

    /** Reading one line: its words, where it is, and the family its addresses settled on. */
    private final class Line {
        final List<String> words;
        final SourcePosition at;
        final String what;
        int i;
        AddressFamily family;
        boolean refused;

        Line(ConfigNode node, String what) {
            this.words = words(node);
            this.at = node.position();
            this.what = what;
        }

        boolean more() {
            return i < words.size() && !refused;
        }

        String next() {
            return words.get(i++);
        }

        /** The value after option {@code option}, or a refusal when the line ends. */
        Optional<String> value(String option) {
            if (i >= words.size()) {
                refuse("option '" + option + "' needs a value");
                return Optional.empty();
            }
            return Optional.of(words.get(i++));
        }

        void refuse(String why) {
            if (!refused) {
                diagnostics.warning(at, what + " '" + String.join(" ", words) + "': " + why + "; ignored");
            }
            refused = true;
        }

        void ignore(String option) {
            diagnostics.warning(at, what + " option '" + option + "' is not supported by keepwatch; ignored");
        }

        /** Sets or checks the family: keepalived refuses a line that mixes IPv4 and IPv6. */
        void family(AddressFamily f) {
            if (family == null) {
                family = f;
            } else if (family != f) {
                refuse("it mixes IPv4 and IPv6");
            }
        }

        Optional<InetAddress> address(String text) {
            Optional<InetAddress> a = Values.parseAddress(text);
            if (a.isEmpty()) {
                refuse("'" + text + "' is not an IP address");
            } else {
                family(AddressFamily.of(a.get()));
            }
            return a;
        }

        /** ADDR[/LEN], or default/any/all (empty: every address). */
        Optional<RoutePrefix> prefix(String text, boolean allowAll) {
            if (allowAll && (text.equals("default") || text.equals("any") || text.equals("all"))) {
                return Optional.empty();
            }
            int slash = text.indexOf('/');
            Optional<InetAddress> a = address(slash < 0 ? text : text.substring(0, slash));
            if (a.isEmpty()) {
                return Optional.empty();
            }
            int max = a.get().getAddress().length * 8;
            int length = max;
            if (slash >= 0) {
                OptionalLong n = RtNames.number(text.substring(slash + 1), max);
                if (n.isEmpty()) {
                    refuse("'" + text + "' has a prefix length that is not 0.." + max);
                    return Optional.empty();
                }
                length = (int) n.getAsLong();
            }
            return Optional.of(new RoutePrefix(a.get(), length));
        }

        OptionalLong number(String option, long max) {
            Optional<String> v = value(option);
            if (v.isEmpty()) {
                return OptionalLong.empty();
            }
            OptionalLong n = RtNames.number(v.get(), max);
            if (n.isEmpty()) {
                refuse(option + " '" + v.get() + "' is not a number 0.." + max);
            }
            return n;
        }

        OptionalLong named(String option, Function<String, OptionalLong> lookup) {
            Optional<String> v = value(option);
            if (v.isEmpty()) {
                return OptionalLong.empty();
            }
            OptionalLong n = lookup.apply(v.get());
            if (n.isEmpty()) {
                refuse(option + " '" + v.get() + "' is not known");
            }
            return n;
        }
    }

    /** One route line; empty (with a warning) when keepalived would refuse it. */
    Optional<RouteConfig> route(ConfigNode node) {
        Line l = new Line(node, "route");
        String type = "unicast";
        RoutePrefix destination = null;
        Optional<RoutePrefix> from = Optional.empty();
        Optional<InetAddress> src = Optional.empty(), via = Optional.empty();
        Optional<String> device = Optional.empty();
        long table = RouteConfig.TABLE_MAIN;
        OptionalLong metric = OptionalLong.empty();
        int scope = 0;
        OptionalInt protocol = OptionalInt.empty();
        int tos = 0;
        boolean onlink = false, noTrack = false;
        Map<String, Long> metrics = new LinkedHashMap<>();
        String mode = "prepend";
        boolean isDefault = false;
        while (l.more()) {
            String word = l.next();
            switch (word) {
                case "inet" -> l.family(AddressFamily.IPV4);
                case "inet6" -> l.family(AddressFamily.IPV6);
                case "src" -> src = l.value(word).flatMap(l::address);
                case "via", "gw" -> {
                    if (word.equals("gw")) {
                        diagnostics.warning(l.at, "route option 'gw' is deprecated; use 'via'");
                    }
                    Optional<String> v = l.value(word);
                    if (v.isPresent() && (v.get().equals("inet") || v.get().equals("inet6"))) {
                        v = l.value(word);
                    }
                    via = v.flatMap(l::address);
                }
                case "from" -> {
                    from = l.value(word).flatMap(t -> l.prefix(t, false));
                    if (from.isPresent() && from.get().family() != AddressFamily.IPV6) {
                        l.refuse("'from' is for IPv6 routes only");
                    }
                }
                case "tos", "dsfield" -> tos = (int) l.number(word, 255).orElse(0);
                case "table" -> table = l.named(word, names::table).orElse(table);
                case "protocol" -> {
                    OptionalLong p = l.named(word, names::protocol);
                    if (p.isPresent()) protocol = OptionalInt.of((int) p.getAsLong());
                }
                case "scope" -> scope = (int) l.named(word, names::scope).orElse(0);
                case "metric", "priority", "preference" -> metric = l.number(word, 0xFFFFFFFFL);
                case "dev", "oif" -> device = l.value(word);
                case "onlink" -> onlink = true;
                case "add", "prepend", "append" -> mode = word;
                case "no_track" -> noTrack = true;
                case "nexthop", "encap" -> {
                    l.ignore(word + "' and the rest of the line after it ('"
                            + String.join(" ", l.words.subList(l.i - 1, l.words.size())));
                    l.i = l.words.size();
                }
                case "as" -> {
                    if (l.i < l.words.size() && l.words.get(l.i).equals("to")) l.i++;
                    l.value(word);
                    l.ignore(word);
                }
                default -> {
                    if (ROUTE_METRICS.contains(word)) {
                        if (l.i < l.words.size() && l.words.get(l.i).equals("lock")) {
                            l.i++;
                            l.ignore(word + " lock");
                        }
                        l.number(word, 0xFFFFFFFFL).ifPresent(v -> metrics.put(word, v));
                    } else if (ROUTE_IGNORED_WITH_VALUE.contains(word)) {
                        if (l.i < l.words.size() && l.words.get(l.i).equals("lock")) l.i++;
                        l.value(word);
                        l.ignore(word);
                    } else {
                        // [to] [TYPE] PREFIX
                        String target = word;
                        if (target.equals("to")) {
                            target = l.value(word).orElse("");
                        }
                        if (ROUTE_TYPES.contains(target)) {
                            type = target;
                            target = l.value(target).orElse("");
                        }
                        if (l.refused) break;
                        if (target.equals("default") || target.equals("any") || target.equals("all")) {
                            isDefault = true; // every address of the route's family, settled at the end
                            destination = null;
                        } else {
                            isDefault = false;
                            destination = l.prefix(target, false).orElse(null);
                        }
                    }
                }
            }
        }
        if (l.refused) {
            return Optional.empty();
        }
        AddressFamily family = l.family == null ? AddressFamily.IPV4 : l.family;
        if (destination == null && isDefault) {
            destination = new RoutePrefix(family == AddressFamily.IPV4 ? ANY4 : ANY6, 0);
        }
        if (destination == null) {
            l.refuse("a route needs a destination");
            return Optional.empty();
        }
        String dest = destination.toString();
        if (!noTrack) {
            if (protocol.isPresent() && protocol.getAsInt() != RouteConfig.KEEPALIVED_PROTOCOL) {
                diagnostics.warning(l.at, "route " + dest + ": a tracked route has keepalived's protocol "
                        + RouteConfig.KEEPALIVED_PROTOCOL + "; protocol " + protocol.getAsInt() + " replaced");
            }
            protocol = OptionalInt.of(RouteConfig.KEEPALIVED_PROTOCOL);
            if (device.isEmpty()) {
                // keepalived: the deletion of a route is seen per interface, so one without dev is not tracked
                diagnostics.warning(l.at, "route " + dest + " has no dev, so it cannot be tracked; not tracking it");
                noTrack = true;
            }
        }
        return Optional.of(new RouteConfig(family, type, destination, from, src, via, device, table, metric, scope,
                protocol, tos, onlink, metrics, mode, noTrack));
    }

    private static final InetAddress ANY4 = Values.parseAddress("0.0.0.0").orElseThrow();
    private static final InetAddress ANY6 = Values.parseAddress("::").orElseThrow();

    /** One rule line; empty (with a warning) when keepalived would refuse it. */
    Optional<RuleConfig> rule(ConfigNode node) {
        Line l = new Line(node, "rule");
        String action = null;
        long table = 0, gotoTarget = -1;
        Optional<RoutePrefix> from = Optional.empty(), to = Optional.empty();
        boolean not = false, noTrack = false;
        OptionalLong priority = OptionalLong.empty(), fwmark = OptionalLong.empty(), fwmask = OptionalLong.empty();
        int tos = 0;
        Optional<String> iif = Optional.empty(), oif = Optional.empty();
        OptionalInt protocol = OptionalInt.empty(), suppress = OptionalInt.empty(), ipProto = OptionalInt.empty();
        Optional<RuleConfig.Range> sport = Optional.empty(), dport = Optional.empty(), uids = Optional.empty();
        while (l.more()) {
            String word = l.next();
            String newAction = null;
            switch (word) {
                case "inet" -> l.family(AddressFamily.IPV4);
                case "inet6" -> l.family(AddressFamily.IPV6);
                case "from" -> from = l.value(word).flatMap(t -> l.prefix(t, true));
                case "to" -> to = l.value(word).flatMap(t -> l.prefix(t, true));
                case "table", "lookup" -> {
                    OptionalLong t = l.named(word, names::table);
                    if (t.isPresent() && t.getAsLong() == 0) {
                        l.refuse("table 0 is not valid");
                    }
                    table = t.orElse(0);
                    newAction = "table";
                }
                case "not" -> not = true;
                case "preference", "order", "priority" -> priority = l.number(word, 0xFFFFFFFFL);
                case "tos", "dsfield" -> tos = (int) l.number(word, 255).orElse(0);
                case "fwmark" -> {
                    Optional<String> v = l.value(word);
                    if (v.isPresent()) {
                        String[] parts = v.get().split("/", 2);
                        fwmark = RtNames.number(parts[0], 0xFFFFFFFFL);
                        if (parts.length == 2) fwmask = RtNames.number(parts[1], 0xFFFFFFFFL);
                        if (fwmark.isEmpty() || (parts.length == 2 && fwmask.isEmpty())) {
                            l.refuse("fwmark '" + v.get() + "' is not NUMBER[/MASK]");
                        }
                    }
                }
                case "suppress_prefixlength", "sup_pl" -> {
                    OptionalLong n = l.number(word, 128);
                    if (n.isPresent()) suppress = OptionalInt.of((int) n.getAsLong());
                }
                case "dev", "iif" -> iif = l.value(word);
                case "oif" -> oif = l.value(word);
                case "uidrange" -> uids = l.value(word).flatMap(v -> range(l, word, v, 0xFFFFFFFFL));
                case "l3mdev" -> newAction = "l3mdev";
                case "protocol" -> {
                    OptionalLong p = l.named(word, names::protocol);
                    if (p.isPresent()) protocol = OptionalInt.of((int) p.getAsLong());
                }
                case "ipproto" -> {
                    OptionalLong p = l.named(word, names::ipProtocol);
                    if (p.isPresent()) ipProto = OptionalInt.of((int) p.getAsLong());
                }
                case "sport" -> sport = l.value(word).flatMap(v -> range(l, word, v, 65535));
                case "dport" -> dport = l.value(word).flatMap(v -> range(l, word, v, 65535));
                case "no_track" -> noTrack = true;
                default -> {
                    if (RULE_IGNORED_WITH_VALUE.contains(word)) {
                        l.value(word);
                        l.ignore(word);
                        break;
                    }
                    String a = word.equals("type") ? l.value(word).orElse("") : word;
                    if (a.equals("goto")) {
                        gotoTarget = l.number(a, 0xFFFFFFFFL).orElse(-1);
                        newAction = "goto";
                    } else if (RULE_ACTIONS.contains(a)) {
                        newAction = a;
                    } else if (!l.refused) {
                        l.refuse("unknown rule option '" + a + "'");
                    }
                }
            }
            if (newAction != null) {
                if (action != null) {
                    l.refuse("only one of table, l3mdev, goto, nop, blackhole, unreachable, prohibit may be given");
                }
                action = newAction;
            }
        }
        if (l.refused) {
            return Optional.empty();
        }
        if (action == null) {
            l.refuse("a rule needs an action (table, goto, nop, blackhole, unreachable, prohibit or l3mdev)");
            return Optional.empty();
        }
        if (action.equals("goto")) {
            if (priority.isEmpty()) {
                l.refuse("goto needs a preference");
                return Optional.empty();
            }
            if (priority.getAsLong() >= gotoTarget) {
                l.refuse("its preference " + priority.getAsLong() + " is not below the goto target " + gotoTarget);
                return Optional.empty();
            }
        }
        if (!action.equals("table") && suppress.isPresent()) {
            l.refuse("suppress_prefixlength needs a table action");
            return Optional.empty();
        }
        if (!noTrack) {
            if (protocol.isPresent() && protocol.getAsInt() != RouteConfig.KEEPALIVED_PROTOCOL) {
                diagnostics.warning(l.at, "rule: a tracked rule has keepalived's protocol "
                        + RouteConfig.KEEPALIVED_PROTOCOL + "; protocol " + protocol.getAsInt() + " replaced");
            }
            protocol = OptionalInt.of(RouteConfig.KEEPALIVED_PROTOCOL);
        }
        AddressFamily family = l.family == null ? AddressFamily.IPV4 : l.family;
        long pref;
        if (priority.isPresent()) {
            pref = priority.getAsLong();
        } else {
            int slot = family == AddressFamily.IPV4 ? 0 : 1;
            pref = nextPriority[slot]--;
            diagnostics.warning(l.at, "rule '" + String.join(" ", l.words) + "' has no preference; it gets "
                    + pref + ", which is probably not what you want");
        }
        return Optional.of(new RuleConfig(family, action, table, gotoTarget, from, to, not, pref, tos, fwmark, fwmask,
                iif, oif, protocol, suppress, ipProto, sport, dport, uids, noTrack));
    }

    /** N or N-M, each at most {@code max}, N not above M. */
    private static Optional<RuleConfig.Range> range(Line l, String option, String text, long max) {
        String[] parts = text.split("-", 2);
        OptionalLong low = RtNames.number(parts[0], max);
        OptionalLong high = parts.length == 2 ? RtNames.number(parts[1], max) : low;
        if (low.isEmpty() || high.isEmpty() || low.getAsLong() > high.getAsLong()) {
            l.refuse(option + " '" + text + "' is not a range N[-M] within 0.." + max);
            return Optional.empty();
        }
        return Optional.of(new RuleConfig.Range(low.getAsLong(), high.getAsLong()));
    }
}
