package io.keepwatch.linux;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * rtnetlink requests for routes and policy rules, over an {@link RtNetlink} socket (its namespace,
 * its serialised requests): add and delete them, waiting for the kernel's ACK, and list them.
 *
 * <p>A kernel refusal becomes a {@link NativeException} naming the request and the route or rule,
 * e.g. {@code cannot delete route 10.9.0.0/24 via 10.0.0.1: ESRCH (No such process)}; a route that
 * is absent is ESRCH, a rule that is absent ENOENT, one that is there already EEXIST.
 */
public final class RtRoutes {
    private final RtNetlink netlink;

    public RtRoutes(RtNetlink netlink) {
        this.netlink = netlink;
    }

    /** Adds {@code route}, before matching ones (ip route prepend) or, with {@code append}, after them. */
    public void addRoute(RouteSpec route, boolean append) throws IOException {
        send(RouteCodec.RTM_NEWROUTE, append, route, "cannot add route ");
    }

    /** Deletes {@code route}: the kernel matches what is given (table, destination, gateway, metric, ...). */
    public void deleteRoute(RouteSpec route) throws IOException {
        send(RouteCodec.RTM_DELROUTE, false, route, "cannot delete route ");
    }

    private void send(int type, boolean append, RouteSpec route, String failure) throws IOException {
        int seq = netlink.nextSequence();
        try {
            netlink.request(RouteCodec.routeRequest(type, append, seq, route), seq,
                    type == RouteCodec.RTM_NEWROUTE ? "RTM_NEWROUTE" : "RTM_DELROUTE");
        } catch (IOException e) {
            throw RtNetlink.inContext(e, failure + route);
        }
    }

    /** Adds {@code rule}; EEXIST when the same rule is there (NLM_F_EXCL, as keepalived adds rules). */
    public void addRule(RuleSpec rule) throws IOException {
        send(RouteCodec.RTM_NEWRULE, rule, "cannot add rule ");
    }

    /** Deletes {@code rule}; ENOENT when there is no such rule. */
    public void deleteRule(RuleSpec rule) throws IOException {
        send(RouteCodec.RTM_DELRULE, rule, "cannot delete rule ");
    }

    private void send(int type, RuleSpec rule, String failure) throws IOException {
        int seq = netlink.nextSequence();
        try {
            netlink.request(RouteCodec.ruleRequest(type, seq, rule), seq,
                    type == RouteCodec.RTM_NEWRULE ? "RTM_NEWRULE" : "RTM_DELRULE");
        } catch (IOException e) {
            throw RtNetlink.inContext(e, failure + rule);
        }
    }

    /** Every IPv4 and IPv6 route of every table. */
    public List<RouteSpec> routes() throws IOException {
        List<RouteSpec> result = new ArrayList<>();
        for (NetlinkCodec.Message m : netlink.dump(seq -> RouteCodec.dumpRequest(RouteCodec.RTM_GETROUTE, seq),
                "RTM_GETROUTE")) {
            if (m.type() == RouteCodec.RTM_NEWROUTE) {
                RouteSpec r = RouteCodec.parseRoute(m.payload());
                if (r != null) {
                    result.add(r);
                }
            }
        }
        return result;
    }

    /** Every IPv4 and IPv6 policy rule. */
    public List<RuleSpec> rules() throws IOException {
        List<RuleSpec> result = new ArrayList<>();
        for (NetlinkCodec.Message m : netlink.dump(seq -> RouteCodec.dumpRequest(RouteCodec.RTM_GETRULE, seq),
                "RTM_GETRULE")) {
            if (m.type() == RouteCodec.RTM_NEWRULE) {
                RuleSpec r = RouteCodec.parseRule(m.payload());
                if (r != null) {
                    result.add(r);
                }
            }
        }
        return result;
    }
}
