package io.keepwatch.config.model;

/**
 * How a VRRPv3 IPv4 unicast instance computes its adverts' checksum ({@code old_unicast_checksum}).
 * keepalived up to 1.3.6 put the multicast group, not the peer, in the checksum's pseudo-header
 * (RFC 9568 5.2.8 wants the packet's real destination); later versions read and write either.
 */
public enum UnicastChecksum {
    /**
     * The RFC's checksum; on the first advert that only checks with the old one, switch to the old
     * one for good, sending included (keepalived's default).
     */
    AUTO,
    /** {@code old_unicast_checksum never}: the RFC's checksum only, never switching. */
    NEVER,
    /** {@code old_unicast_checksum}: the old checksum, sent and expected. */
    OLD
}
