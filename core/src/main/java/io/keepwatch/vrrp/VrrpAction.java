package io.keepwatch.vrrp;

import java.net.InetAddress;
import java.util.List;
import java.util.Objects;

/** What the runtime must do on behalf of an instance, in the order given. */
public sealed interface VrrpAction {

    /** Multicast one advertisement with this priority (0: resigning, RFC 5798 section 6.4.3). */
    record SendAdvert(int priority) implements VrrpAction {}

    /** Add these addresses to the instance's interface. */
    record AddVips(List<VirtualAddress> addresses) implements VrrpAction {
        public AddVips {
            addresses = List.copyOf(addresses);
        }
    }

    /** Remove these addresses from the instance's interface. */
    record RemoveVips(List<VirtualAddress> addresses) implements VrrpAction {
        public RemoveVips {
            addresses = List.copyOf(addresses);
        }
    }

    /** Send {@code repeat} gratuitous ARPs (IPv4) or unsolicited neighbour advertisements (IPv6) per address. */
    record SendGratuitous(List<VirtualAddress> addresses, int repeat) implements VrrpAction {
        public SendGratuitous {
            addresses = List.copyOf(addresses);
        }
    }

    /** The instance changed state (notify scripts, notifiers, logs, metrics). */
    record Notify(VrrpState from, VrrpState to, String reason) implements VrrpAction {
        public Notify {
            Objects.requireNonNull(from, "from");
            Objects.requireNonNull(to, "to");
            Objects.requireNonNull(reason, "reason");
        }
    }

    /** The effective priority changed (keepalived's notify_priority_changes). */
    record PriorityChanged(int from, int to, String reason) implements VrrpAction {}

    /**
     * The MASTER heard a lower priority advert: another router believes it is master too
     * (keepalived's notify_master_rx_lower_pri event).
     */
    record MasterRxLowerPriority(InetAddress source, int priority) implements VrrpAction {
        public MasterRxLowerPriority {
            Objects.requireNonNull(source, "source");
        }
    }
}
