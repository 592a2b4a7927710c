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
    public static final int FRAME_LENGTH = 86;

    private static final int ETHERTYPE_IPV6 = 0x86DD;
    private static final int NEXT_HEADER_ICMPV6 = 58;
    private static final int HOP_LIMIT = 255;
    private static final int TYPE_NEIGHBOR_ADVERT = 136;
    private static final int FLAG_ROUTER = 0x80;
    private static final int FLAG_OVERRIDE = 0x20;
    private static final int OPTION_TARGET_LINK_LAYER_ADDRESS = 2;
    private static final int ICMP_LENGTH = 32;
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
        if (out.remaining() < FRAME_LENGTH) {
            throw new IllegalArgumentException("output buffer has " + out.remaining() + " octets left, an NA needs " + FRAME_LENGTH);
        }
        byte[] address = target.getAddress();
        int f = out.position();
        ALL_NODES_MAC.writeTo(out, f);
        interfaceMac.writeTo(out, f + 6);
        VrrpEncoder.putShort(out, f + 12, ETHERTYPE_IPV6);

        int ip = f + 14;
        out.put(ip, (byte) 0x60);
        out.put(ip + 1, (byte) 0);
        VrrpEncoder.putShort(out, ip + 2, 0);
        VrrpEncoder.putShort(out, ip + 4, ICMP_LENGTH);
        out.put(ip + 6, (byte) NEXT_HEADER_ICMPV6);
        out.put(ip + 7, (byte) HOP_LIMIT);
        out.put(ip + 8, address);
        out.put(ip + 24, ALL_NODES);

        int icmp = ip + 40;
        out.put(icmp, (byte) TYPE_NEIGHBOR_ADVERT);
        out.put(icmp + 1, (byte) 0);
        VrrpEncoder.putShort(out, icmp + 2, 0);
        out.put(icmp + 4, (byte) (FLAG_OVERRIDE | (router ? FLAG_ROUTER : 0)));
        out.put(icmp + 5, (byte) 0);
        VrrpEncoder.putShort(out, icmp + 6, 0);
        out.put(icmp + 8, address);
        out.put(icmp + 24, (byte) OPTION_TARGET_LINK_LAYER_ADDRESS);
        out.put(icmp + 25, (byte) 1);
        interfaceMac.writeTo(out, icmp + 26);

        long acc = InternetChecksum.add(0, address);
        acc = InternetChecksum.add(acc, ALL_NODES);
        acc = InternetChecksum.addPseudoHeaderTail(acc, NEXT_HEADER_ICMPV6, ICMP_LENGTH);
        acc = InternetChecksum.add(acc, out, icmp, ICMP_LENGTH);
        VrrpEncoder.putShort(out, icmp + 2, InternetChecksum.finish(acc));
        out.position(f + FRAME_LENGTH);
        return FRAME_LENGTH;
    }
}
