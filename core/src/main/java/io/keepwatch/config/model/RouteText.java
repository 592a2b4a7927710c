package io.keepwatch.config.model;

import io.keepwatch.vrrp.AddressFamily;
import java.util.Map;

/**
 * Route and rule lines as configuration text, in the words keepalived reads: what
 * {@code check-config --dump} writes, and how the log names a route or rule.
 */
public final class RouteText {
    private RouteText() {}

    public static String route(RouteConfig r) {
        StringBuilder s = new StringBuilder();
        if (!r.type().equals("unicast")) {
            s.append(r.type()).append(' ');
        }
        s.append(r.destination());
        r.from().ifPresent(p -> s.append(" from ").append(p));
        r.src().ifPresent(a -> s.append(" src ").append(AddressText.of(a)));
        r.via().ifPresent(a -> s.append(" via ").append(AddressText.of(a)));
        r.device().ifPresent(d -> s.append(" dev ").append(d));
        if (r.table() != RouteConfig.TABLE_MAIN) s.append(" table ").append(r.table());
        r.metric().ifPresent(m -> s.append(" metric ").append(m));
        if (r.scope() != 0) s.append(" scope ").append(r.scope());
        r.protocol().ifPresent(p -> s.append(" protocol ").append(p));
        if (r.tos() != 0) s.append(" tos ").append(r.tos());
        if (r.onlink()) s.append(" onlink");
        r.metrics().entrySet().stream().sorted(Map.Entry.comparingByKey())
                .forEach(e -> s.append(' ').append(e.getKey()).append(' ').append(e.getValue()));
        if (!r.mode().equals("prepend")) s.append(' ').append(r.mode());
        if (r.noTrack()) s.append(" no_track");
        return s.toString();
    }

    public static String rule(RuleConfig r) {
        StringBuilder s = new StringBuilder();
        if (r.family() == AddressFamily.IPV6) s.append("inet6 ");
        if (r.not()) s.append("not ");
        s.append("preference ").append(r.priority());
        r.from().ifPresent(p -> s.append(" from ").append(p));
        r.to().ifPresent(p -> s.append(" to ").append(p));
        r.iif().ifPresent(d -> s.append(" iif ").append(d));
        r.oif().ifPresent(d -> s.append(" oif ").append(d));
        r.fwmark().ifPresent(m -> {
            s.append(" fwmark ").append(m);
            r.fwmask().ifPresent(k -> s.append('/').append(k));
        });
        if (r.tos() != 0) s.append(" tos ").append(r.tos());
        r.protocol().ifPresent(p -> s.append(" protocol ").append(p));
        r.ipProto().ifPresent(p -> s.append(" ipproto ").append(p));
        r.sport().ifPresent(p -> s.append(" sport ").append(p));
        r.dport().ifPresent(p -> s.append(" dport ").append(p));
        r.uidRange().ifPresent(p -> s.append(" uidrange ").append(p));
        r.suppressPrefixLength().ifPresent(p -> s.append(" suppress_prefixlength ").append(p));
        s.append(switch (r.action()) {
            case "table" -> " table " + r.table();
            case "goto" -> " goto " + r.gotoTarget();
            default -> " " + r.action();
        });
        if (r.noTrack()) s.append(" no_track");
        return s.toString();
    }
}
