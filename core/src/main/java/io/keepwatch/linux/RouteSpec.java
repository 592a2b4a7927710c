package io.keepwatch.linux;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * A route as rtnetlink carries it (struct rtmsg and its RTA_* attributes): what keepwatch asks the
 * kernel to add or delete, and what the kernel reports. keepalived's {@code virtual_routes} and
 * {@code static_routes} lines become these.
 *
 * @param family            AF_INET or AF_INET6
 * @param type              RTN_* (unicast, blackhole, unreachable, prohibit, throw, ...)
 * @param table             the routing table (RTA_TABLE carries those above 255)
 * @param protocol          RTPROT_*; keepalived marks its routes {@link #RTPROT_KEEPALIVED}
 * @param scope             RT_SCOPE_*
 * @param tos               the TOS / DS field to match, 0 for any
 * @param flags             RTNH_F_* flags (onlink)
 * @param destination       RTA_DST (with {@code destinationLength}); null for the default route
 * @param destinationLength the destination's prefix length
 * @param source            RTA_SRC: the source prefix the route applies to (IPv6 only), or null
 * @param sourceLength      its prefix length
 * @param preferredSource   RTA_PREFSRC ({@code src} in ip-route), or null
 * @param gateway           RTA_GATEWAY ({@code via}), or null
 * @param oif               RTA_OIF: the output interface index, 0 for none
 * @param metric            RTA_PRIORITY, or -1 when not given (the kernel's default: 0 for IPv4, 1024 for IPv6)
 * @param metrics           RTA_METRICS: RTAX_* to value (mtu, advmss, hoplimit, initcwnd, initrwnd)
 */
public record RouteSpec(int family, int type, int table, int protocol, int scope, int tos, int flags,
                        InetAddress destination, int destinationLength, InetAddress source, int sourceLength,
                        InetAddress preferredSource, InetAddress gateway, int oif, long metric,
                        Map<Integer, Integer> metrics) {
    /** The routing protocol number keepalived gives its routes and rules (Linux 5.8 names it). */
    public static final int RTPROT_KEEPALIVED = 18;
    public static final int RTN_UNICAST = 1;
    public static final int RTN_LOCAL = 2;
    public static final int RTN_BROADCAST = 3;
    public static final int RTN_ANYCAST = 4;
    public static final int RTN_MULTICAST = 5;
    public static final int RTN_BLACKHOLE = 6;
    public static final int RTN_UNREACHABLE = 7;
    public static final int RTN_PROHIBIT = 8;
    public static final int RTN_THROW = 9;
    public static final int RTN_NAT = 10;
    public static final int RT_TABLE_MAIN = 254;
    public static final int RT_SCOPE_NOWHERE = 255;
    public static final int RTNH_F_ONLINK = 4;
    public static final int RTAX_MTU = 2;
    public static final int RTAX_ADVMSS = 8;
    public static final int RTAX_HOPLIMIT = 10;
    public static final int RTAX_INITCWND = 11;
    public static final int RTAX_INITRWND = 14;

    public RouteSpec {
        if (family != Constants.AF_INET && family != Constants.AF_INET6) {
            throw new IllegalArgumentException("route family " + family + " is neither AF_INET nor AF_INET6");
        }
        int max = family == Constants.AF_INET ? 32 : 128;
        if (destinationLength < 0 || destinationLength > max || sourceLength < 0 || sourceLength > max) {
            throw new IllegalArgumentException("route prefix length out of 0.." + max);
        }
        // The kernel reports a default route (or source prefix) without RTA_DST (RTA_SRC): the
        // unspecified address with length 0 is the same route, and is sent the way ip-route sends it.
        if (destination != null && destinationLength == 0 && destination.isAnyLocalAddress()) {
            destination = null;
        }
        if (source != null && sourceLength == 0 && source.isAnyLocalAddress()) {
            source = null;
        }
        metrics = metrics == null ? Map.of() : Map.copyOf(new TreeMap<>(metrics));
        Objects.requireNonNull(metrics, "metrics");
    }

    /** Whether {@code other} (as the kernel reports a route) is this route: the kernel's identity of a route. */
    public boolean sameRoute(RouteSpec other) {
        return family == other.family && table == other.table && tos == other.tos
                && destinationLength == other.destinationLength && Objects.equals(destination, other.destination)
                && sourceLength == other.sourceLength && Objects.equals(source, other.source)
                && (metric < 0 || other.metric < 0 || metric == other.metric)
                && (protocol == other.protocol);
    }

    @Override
    public String toString() {
        StringBuilder s = new StringBuilder();
        if (type != RTN_UNICAST) {
            s.append(typeName(type)).append(' ');
        }
        s.append(destination == null ? (family == Constants.AF_INET ? "0.0.0.0" : "::") : text(destination))
                .append('/').append(destinationLength);
        if (source != null) {
            s.append(" from ").append(text(source)).append('/').append(sourceLength);
        }
        if (gateway != null) {
            s.append(" via ").append(text(gateway));
        }
        if (oif != 0) {
            s.append(" oif ").append(oif);
        }
        if (preferredSource != null) {
            s.append(" src ").append(text(preferredSource));
        }
        if (table != RT_TABLE_MAIN) {
            s.append(" table ").append(table);
        }
        if (metric >= 0) {
            s.append(" metric ").append(metric);
        }
        return s.toString();
    }

    static String text(InetAddress a) {
        String t = a.getHostAddress();
        int percent = t.indexOf('%');
        return a instanceof Inet6Address && percent >= 0 ? t.substring(0, percent) : t;
    }

    /** ip-route's word for an RTN_* type. */
    public static String typeName(int type) {
        return switch (type) {
            case RTN_UNICAST -> "unicast";
            case RTN_LOCAL -> "local";
            case RTN_BROADCAST -> "broadcast";
            case RTN_ANYCAST -> "anycast";
            case RTN_MULTICAST -> "multicast";
            case RTN_BLACKHOLE -> "blackhole";
            case RTN_UNREACHABLE -> "unreachable";
            case RTN_PROHIBIT -> "prohibit";
            case RTN_THROW -> "throw";
            case RTN_NAT -> "nat";
            default -> "type" + type;
        };
    }
}
