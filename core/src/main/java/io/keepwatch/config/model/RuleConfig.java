package io.keepwatch.config.model;

import io.keepwatch.vrrp.AddressFamily;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * One line of {@code virtual_rules} or {@code static_rules}, as keepalived reads it (ip-rule's
 * words): {@code [not] [from PREFIX] [to PREFIX] [iif IF] [oif IF] [fwmark N[/M]] [tos N]
 * [preference N] [protocol P] [ipproto P] [sport N[-M]] [dport N[-M]] [uidrange N-M]
 * [suppress_prefixlength N] (table T | l3mdev | goto N | nop | blackhole | unreachable | prohibit)
 * [no_track]}.
 *
 * @param family               IPv4 or IPv6 ({@code inet}/{@code inet6}, else the addresses' family, else IPv4)
 * @param action               table, l3mdev, goto, nop, blackhole, unreachable or prohibit
 * @param table                {@code table} / {@code lookup}, with action table
 * @param gotoTarget           the preference {@code goto} jumps to, with action goto
 * @param from                 {@code from}
 * @param to                   {@code to}
 * @param not                  {@code not}: the selector is inverted
 * @param priority             {@code preference} / {@code priority} / {@code order}; keepalived numbers
 *                             the rules without one from 16384 down, with a warning
 * @param tos                  {@code tos} / {@code dsfield}
 * @param fwmark               {@code fwmark}
 * @param fwmask               the mask after {@code fwmark N/}
 * @param iif                  {@code iif} / {@code dev}
 * @param oif                  {@code oif}
 * @param protocol             {@code protocol}; keepalived's own (18) when tracked
 * @param suppressPrefixLength {@code suppress_prefixlength}
 * @param ipProto              {@code ipproto}
 * @param sport                {@code sport}
 * @param dport                {@code dport}
 * @param uidRange             {@code uidrange}
 * @param noTrack              {@code no_track}: its deletion by someone else is not acted on
 */
public record RuleConfig(AddressFamily family, String action, long table, long gotoTarget, Optional<RoutePrefix> from,
                         Optional<RoutePrefix> to, boolean not, long priority, int tos, OptionalLong fwmark,
                         OptionalLong fwmask, Optional<String> iif, Optional<String> oif, OptionalInt protocol,
                         OptionalInt suppressPrefixLength, OptionalInt ipProto, Optional<Range> sport,
                         Optional<Range> dport, Optional<Range> uidRange, boolean noTrack) {

    /** An inclusive range of ports or user ids. */
    public record Range(long low, long high) {
        @Override
        public String toString() {
            return low + "-" + high;
        }
    }

    public RuleConfig {
        Objects.requireNonNull(family, "family");
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        Objects.requireNonNull(fwmark, "fwmark");
        Objects.requireNonNull(fwmask, "fwmask");
        Objects.requireNonNull(iif, "iif");
        Objects.requireNonNull(oif, "oif");
        Objects.requireNonNull(protocol, "protocol");
        Objects.requireNonNull(suppressPrefixLength, "suppressPrefixLength");
        Objects.requireNonNull(ipProto, "ipProto");
        Objects.requireNonNull(sport, "sport");
        Objects.requireNonNull(dport, "dport");
        Objects.requireNonNull(uidRange, "uidRange");
    }
}
