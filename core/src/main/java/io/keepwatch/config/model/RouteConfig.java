package io.keepwatch.config.model;

import io.keepwatch.vrrp.AddressFamily;
import java.net.InetAddress;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * One line of {@code virtual_routes} or {@code static_routes}, as keepalived reads it (ip-route's
 * words): {@code [src ADDR] [to] [TYPE] PREFIX [from PREFIX] [via ADDR] [dev IF] [table T] [metric N]
 * [scope S] [protocol P] [tos N] [onlink] [mtu N] [advmss N] [hoplimit N] [initcwnd N] [initrwnd N]
 * [add|prepend|append] [no_track]}.
 *
 * @param family      IPv4 or IPv6 ({@code inet}/{@code inet6}, else the addresses' family, else IPv4)
 * @param type        the route type: unicast, blackhole, unreachable, prohibit, throw, local, broadcast,
 *                    anycast, multicast or nat
 * @param destination the destination prefix
 * @param from        {@code from}: the source prefix (IPv6 only)
 * @param src         {@code src}: the preferred source address
 * @param via         {@code via} / {@code gw}: the gateway
 * @param device      {@code dev} / {@code oif}
 * @param table       {@code table}; 254 (main) by default
 * @param metric      {@code metric} / {@code priority} / {@code preference}
 * @param scope       {@code scope} as a number (RT_SCOPE_*); universe by default
 * @param protocol    {@code protocol}; keepalived's own (18) when not written, and always when tracked
 * @param tos         {@code tos} / {@code dsfield}; 0 by default
 * @param onlink      {@code onlink}
 * @param metrics     {@code mtu}, {@code advmss}, {@code hoplimit}, {@code initcwnd}, {@code initrwnd}
 * @param mode        how it is added: prepend (the default), append, or add (fails if it is there)
 * @param noTrack     {@code no_track}, or set because the route has no {@code dev}: its deletion by
 *                    someone else is not acted on
 */
public record RouteConfig(AddressFamily family, String type, RoutePrefix destination, Optional<RoutePrefix> from,
                          Optional<InetAddress> src, Optional<InetAddress> via, Optional<String> device, long table,
                          OptionalLong metric, int scope, OptionalInt protocol, int tos, boolean onlink,
                          Map<String, Long> metrics, String mode, boolean noTrack) {
    public static final long TABLE_MAIN = 254;
    public static final int KEEPALIVED_PROTOCOL = 18;

    public RouteConfig {
        Objects.requireNonNull(family, "family");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(destination, "destination");
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(src, "src");
        Objects.requireNonNull(via, "via");
        Objects.requireNonNull(device, "device");
        Objects.requireNonNull(metric, "metric");
        Objects.requireNonNull(protocol, "protocol");
        metrics = Map.copyOf(metrics);
        Objects.requireNonNull(mode, "mode");
    }

    /** The protocol the route is added with: the written one, else keepalived's. */
    public int effectiveProtocol() {
        return protocol.orElse(KEEPALIVED_PROTOCOL);
    }
}
