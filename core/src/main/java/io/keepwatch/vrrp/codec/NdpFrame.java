package io.keepwatch.vrrp.codec;

import java.nio.ByteBuffer;

/**
 * The frame around a neighbour discovery message (RFC 4861 section 4): Ethernet, IPv6 with hop
 * limit 255, an ICMPv6 message of 24 octets (type, code, checksum, flags, target) and one
 * link-layer address option with {@code source}'s MAC. 86 octets.
 */
final class NdpFrame {
    /** Ethernet (14), IPv6 (40), NS/NA (24), link-layer address option (8). */
    static final int LENGTH = 86;
    static final int ETHERTYPE_IPV6 = 0x86DD;
    static final int NEXT_HEADER_ICMPV6 = 58;
    static final int HOP_LIMIT = 255;
    static final int ICMP_LENGTH = 32;

    private NdpFrame() {
    }

    /**
     * Writes the frame at the buffer's position and advances it.
     *
     * @param type   135 (solicitation) or 136 (advertisement)
     * @param flags  the first octet after the checksum (R, S, O for an advertisement)
     * @param option 1 (source link-layer address) or 2 (target link-layer address)
     */
    static int write(MacAddress destinationMac, MacAddress source, byte[] sourceIp, byte[] destinationIp, int type,
                     int flags, byte[] target, int option, ByteBuffer out) {
        if (out.remaining() < LENGTH) {
            throw new IllegalArgumentException("output buffer has " + out.remaining() + " octets left, an NDP frame needs "
                    + LENGTH);
        }
        int f = out.position();
        destinationMac.writeTo(out, f);
        source.writeTo(out, f + 6);
        VrrpEncoder.putShort(out, f + 12, ETHERTYPE_IPV6);

        int ip = f + 14;
        out.put(ip, (byte) 0x60);
        out.put(ip + 1, (byte) 0);
        VrrpEncoder.putShort(out, ip + 2, 0);
        VrrpEncoder.putShort(out, ip + 4, ICMP_LENGTH);
        out.put(ip + 6, (byte) NEXT_HEADER_ICMPV6);
        out.put(ip + 7, (byte) HOP_LIMIT);
        out.put(ip + 8, sourceIp);
        out.put(ip + 24, destinationIp);

        int icmp = ip + 40;
        out.put(icmp, (byte) type);
        out.put(icmp + 1, (byte) 0);
        VrrpEncoder.putShort(out, icmp + 2, 0);
        out.put(icmp + 4, (byte) flags);
        out.put(icmp + 5, (byte) 0);
        VrrpEncoder.putShort(out, icmp + 6, 0);
        out.put(icmp + 8, target);
        out.put(icmp + 24, (byte) option);
        out.put(icmp + 25, (byte) 1);
        source.writeTo(out, icmp + 26);

        long acc = InternetChecksum.add(0, sourceIp);
        acc = InternetChecksum.add(acc, destinationIp);
        acc = InternetChecksum.addPseudoHeaderTail(acc, NEXT_HEADER_ICMPV6, ICMP_LENGTH);
        acc = InternetChecksum.add(acc, out, icmp, ICMP_LENGTH);
        VrrpEncoder.putShort(out, icmp + 2, InternetChecksum.finish(acc));
        out.position(f + LENGTH);
        return LENGTH;
    }
}
