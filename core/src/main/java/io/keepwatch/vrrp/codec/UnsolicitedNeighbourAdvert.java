package io.keepwatch.vrrp.codec;

import java.net.Inet6Address;
import java.nio.ByteBuffer;

/**
 * Unsolicited neighbour advertisement frames, as a new master sends for each IPv6 virtual address
 * (RFC 5798 6.4.2, RFC 4861 7.2.6).
 *
 * <p>The layout is keepalived's (keepalived/vrrp/vrrp_ndisc.c), checked against its captured
 * frames: Ethernet to 33:33:00:00:00:01, IPv6 from the virtual address to ff02::1 with traffic
 * class and flow label 0 and hop limit 255, ICMPv6 type 136 with Override set, Solicited clear,
 * Router set only when the interface forwards IPv6, the virtual address as target, and a Target
 * Link-Layer Address option with the interface's MAC. 86 octets.
 */
public final class UnsolicitedNeighbourAdvert {
    /** Ethernet (14), IPv6 (40), NA (24), target link-layer address option (8). */
    public static final int FRAME_LENGTH = NdpFrame.LENGTH;

    private static final int TYPE_NEIGHBOR_ADVERT = 136;
    private static final int FLAG_ROUTER = 0x80;
    private static final int FLAG_OVERRIDE = 0x20;
    private static final int OPTION_TARGET_LINK_LAYER_ADDRESS = 2;
    private static final byte[] ALL_NODES = {(byte) 0xff, 2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1};
    private static final MacAddress ALL_NODES_MAC = new MacAddress(0x3333_0000_0001L);

    private UnsolicitedNeighbourAdvert() {
    }

    /**
     * Writes an unsolicited NA frame for an {@code AF_PACKET} socket at the buffer's position,
     * advancing it.
     *
     * @param router whether the interface forwards IPv6 ({@code net.ipv6.conf.IF.forwarding}), as
     *               keepalived sets the Router flag from it
     * @return {@link #FRAME_LENGTH}
     * @throws IllegalArgumentException if fewer than 86 octets remain
     */
    public static int encode(MacAddress interfaceMac, Inet6Address target, boolean router, ByteBuffer out) {
        return encode(interfaceMac, target, router, ALL_NODES_MAC, out);
    }

    /**
     * The same advertisement in a frame to {@code destination} alone (still to ff02::1 at the IPv6
     * layer): a master that sees another station claim its address tells that station, and
     * nobody else, that the address is claimed here too.
     */
    public static int encode(MacAddress interfaceMac, Inet6Address target, boolean router, MacAddress destination,
                             ByteBuffer out) {
        byte[] address = target.getAddress();
        return NdpFrame.write(destination, interfaceMac, address, ALL_NODES, TYPE_NEIGHBOR_ADVERT,
                FLAG_OVERRIDE | (router ? FLAG_ROUTER : 0), address, OPTION_TARGET_LINK_LAYER_ADDRESS, out);
    }
}
