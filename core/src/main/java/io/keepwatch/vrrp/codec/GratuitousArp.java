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
    public static final int FRAME_LENGTH = 42;

    private static final int ETHERTYPE_ARP = 0x0806;
    private static final int ETHERTYPE_IPV4 = 0x0800;
    private static final int HARDWARE_ETHERNET = 1;
    private static final int OPERATION_REQUEST = 1;

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
        if (out.remaining() < FRAME_LENGTH) {
            throw new IllegalArgumentException("output buffer has " + out.remaining() + " octets left, a GARP needs " + FRAME_LENGTH);
        }
        byte[] ip = address.getAddress();
        int f = out.position();
        MacAddress.BROADCAST.writeTo(out, f);
        interfaceMac.writeTo(out, f + 6);
        VrrpEncoder.putShort(out, f + 12, ETHERTYPE_ARP);
        int a = f + 14;
        VrrpEncoder.putShort(out, a, HARDWARE_ETHERNET);
        VrrpEncoder.putShort(out, a + 2, ETHERTYPE_IPV4);
        out.put(a + 4, (byte) MacAddress.LENGTH);
        out.put(a + 5, (byte) 4);
        VrrpEncoder.putShort(out, a + 6, OPERATION_REQUEST);
        interfaceMac.writeTo(out, a + 8);
        out.put(a + 14, ip);
        MacAddress.BROADCAST.writeTo(out, a + 18);
        out.put(a + 24, ip);
        out.position(f + FRAME_LENGTH);
        return FRAME_LENGTH;
    }
}
