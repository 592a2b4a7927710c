package io.keepwatch.vrrp.codec;

import java.net.Inet4Address;
import java.nio.ByteBuffer;

/**
 * Gratuitous ARP frames, as a new master sends for each IPv4 virtual address (RFC 5798 6.4.2)
 * so that hosts and switches learn where it now lives.
 *
 * <p>The layout is keepalived's (keepalived/vrrp/vrrp_arp.c), checked against its captured frames:
 * an ARP <em>request</em> in an Ethernet broadcast, sender and target protocol address both the
 * virtual address, sender hardware address the interface's, and target hardware address the
 * broadcast address (not zeros). 42 octets, unpadded: the kernel pads short frames.
 */
public final class GratuitousArp {
    /** Ethernet header (14) and ARP for Ethernet/IPv4 (28). */
    public static final int FRAME_LENGTH = ArpFrame.LENGTH;

    private GratuitousArp() {
    }

    /**
     * Writes a gratuitous ARP frame for an {@code AF_PACKET} socket at the buffer's position,
     * advancing it.
     *
     * @return {@link #FRAME_LENGTH}
     * @throws IllegalArgumentException if fewer than 42 octets remain
     */
    public static int encode(MacAddress interfaceMac, Inet4Address address, ByteBuffer out) {
        return ArpFrame.write(MacAddress.BROADCAST, interfaceMac, address, MacAddress.BROADCAST, address, out);
    }

    /**
     * The same announcement in a frame to {@code destination} alone: a master that sees another
     * station claim its address tells that station, and nobody else, that the address is claimed
     * here too.
     */
    public static int encode(MacAddress interfaceMac, Inet4Address address, MacAddress destination, ByteBuffer out) {
        return ArpFrame.write(destination, interfaceMac, address, MacAddress.BROADCAST, address, out);
    }
}
