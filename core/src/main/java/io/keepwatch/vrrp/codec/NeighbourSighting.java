package io.keepwatch.vrrp.codec;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;

/**
 * One ARP message or IPv6 neighbour solicitation or advertisement seen on a segment, reduced to
 * what tells who holds an address.
 *
 * @param kind     what it is
 * @param hardware the station's MAC: the ARP sender hardware address; for neighbour discovery the
 *                 link-layer address option's, else the Ethernet source
 * @param sender   the ARP sender protocol address, or the IPv6 source
 * @param target   the ARP target protocol address, or the neighbour discovery target
 * @param override  an advertisement's Override flag (RFC 4861 section 4.4); false otherwise
 * @param solicited an advertisement's Solicited flag: it answers a solicitation; false otherwise
 */
public record NeighbourSighting(Kind kind, MacAddress hardware, InetAddress sender, InetAddress target,
                                boolean override, boolean solicited) {

    public enum Kind { ARP_REQUEST, ARP_REPLY, NEIGHBOUR_SOLICITATION, NEIGHBOUR_ADVERT }

    public NeighbourSighting {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(hardware, "hardware");
        Objects.requireNonNull(sender, "sender");
        Objects.requireNonNull(target, "target");
    }

    /**
     * The address {@link #hardware} claims to hold: a gratuitous ARP (a request whose sender and
     * target address are the same, RFC 5227's announcement), an ARP reply's sender address, or
     * an advertisement's target when it asks to override caches. An ARP probe (sender 0.0.0.0)
     * or a plain request claims nothing.
     */
    public Optional<InetAddress> claimed() {
        return switch (kind) {
            case ARP_REQUEST -> sender.equals(target) && !unspecified(sender) ? Optional.of(target) : Optional.empty();
            case ARP_REPLY -> unspecified(sender) ? Optional.empty() : Optional.of(sender);
            case NEIGHBOUR_ADVERT -> override ? Optional.of(target) : Optional.empty();
            case NEIGHBOUR_SOLICITATION -> Optional.empty();
        };
    }

    /**
     * The address {@link #hardware} says it holds in answer to a question: an ARP reply's sender
     * address, or a solicited advertisement's target. Unlike an announcement, an answer comes from
     * the kernel of a host that has the address now.
     */
    public Optional<InetAddress> answered() {
        return switch (kind) {
            case ARP_REPLY -> unspecified(sender) ? Optional.empty() : Optional.of(sender);
            case NEIGHBOUR_ADVERT -> solicited ? Optional.of(target) : Optional.empty();
            default -> Optional.empty();
        };
    }

    /**
     * Whether this is a station asking for {@link #target} from an address of its own: then
     * {@link #sender} is that station's address (a request or solicitation, not a probe from
     * 0.0.0.0 or ::, nor an announcement).
     */
    public boolean asksFromOwnAddress() {
        return (kind == Kind.ARP_REQUEST || kind == Kind.NEIGHBOUR_SOLICITATION)
                && !unspecified(sender) && !sender.equals(target);
    }

    private static boolean unspecified(InetAddress address) {
        return switch (address) {
            case Inet4Address v4 -> Arrays.equals(v4.getAddress(), new byte[4]);
            case Inet6Address v6 -> Arrays.equals(v6.getAddress(), new byte[16]);
            default -> true;
        };
    }
}
