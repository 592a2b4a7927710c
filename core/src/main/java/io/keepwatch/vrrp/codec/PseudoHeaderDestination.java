package io.keepwatch.vrrp.codec;

/**
 * The destination a VRRPv3 IPv4 advert's checksum pseudo-header holds. RFC 9568 5.2.8 wants the
 * packet's own destination; keepalived up to 1.3.6 put VRRP's multicast group there even in unicast
 * adverts, and keepalived since reads either ({@code old_unicast_checksum}).
 */
public enum PseudoHeaderDestination {
    /** The packet's own destination (RFC 9568 5.2.8): {@code old_unicast_checksum never}, and multicast. */
    PACKET,
    /** The multicast group, whatever the destination: {@code old_unicast_checksum}, or after a switch. */
    GROUP,
    /**
     * The packet's own, and a unicast advert that checks only with the group is accepted and flagged
     * ({@link DecodeResult.Accepted#groupChecksum}), for the receiver to switch to {@link #GROUP}
     * (keepalived's default).
     */
    PACKET_OR_GROUP
}
