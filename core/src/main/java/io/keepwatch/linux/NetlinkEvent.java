package io.keepwatch.linux;

import java.util.List;

/** What a {@link NetlinkMonitor} reports. */
public sealed interface NetlinkEvent {
    /** A link appeared or changed (RTM_NEWLINK): flags such as up/running, name, MAC. */
    record LinkChanged(Link link) implements NetlinkEvent {}

    /** A link was removed (RTM_DELLINK). */
    record LinkRemoved(Link link) implements NetlinkEvent {}

    /** An address appeared or changed (RTM_NEWADDR), e.g. it left the tentative state. */
    record AddressAdded(IfAddress address) implements NetlinkEvent {}

    /** An address was removed (RTM_DELADDR). */
    record AddressRemoved(IfAddress address) implements NetlinkEvent {}

    /** A route marked as keepalived's (protocol 18) was removed (RTM_DELROUTE). */
    record RouteRemoved(RouteSpec route) implements NetlinkEvent {}

    /** A rule marked as keepalived's (protocol 18), or with no protocol, was removed (RTM_DELRULE). */
    record RuleRemoved(RuleSpec rule) implements NetlinkEvent {}

    /**
     * The complete current state. Delivered first when asked for, and after a receive buffer
     * overrun (ENOBUFS, {@code afterOverrun}), when events were lost: consumers must treat it as
     * the truth and rebuild their view from it.
     */
    record Snapshot(List<Link> links, List<IfAddress> addresses, boolean afterOverrun) implements NetlinkEvent {
        public Snapshot {
            links = List.copyOf(links);
            addresses = List.copyOf(addresses);
        }
    }

    /** The monitor stopped because of an error (not because it was closed); no events follow. */
    record Stopped(Exception cause) implements NetlinkEvent {}
}
