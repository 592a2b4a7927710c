package io.keepwatch.linux;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.nio.ByteBuffer;

/** Minimal valid VRRPv3 packets, IPv4 headers and ARP frames built by hand for the socket tests. */
final class TestPackets {
    private TestPackets() {}

    /** RFC 1071 Internet checksum of {@code data[from, to)} added to {@code initial}. */
    static int checksum(byte[] data, int from, int to, long initial) {
        long sum = initial;
        for (int i = from; i < to; i += 2) {
            int hi = data[i] & 0xFF;
            int lo = i + 1 < to ? data[i + 1] & 0xFF : 0;
            sum += (hi << 8) | lo;
        }
        while ((sum >> 16) != 0) {
            sum = (sum & 0xFFFF) + (sum >> 16);
        }
        return (int) (~sum & 0xFFFF);
    }

    private static long pseudoSum(byte[] src, byte[] dst, int length) {
        return pseudoSum(src, dst, length, 112);
    }

    private static long pseudoSum(byte[] src, byte[] dst, int length, int protocol) {
        long sum = 0;
        byte[] both = new byte[src.length + dst.length];
        System.arraycopy(src, 0, both, 0, src.length);
        System.arraycopy(dst, 0, both, src.length, dst.length);
        for (int i = 0; i < both.length; i += 2) {
            sum += ((both[i] & 0xFF) << 8) | (both[i + 1] & 0xFF);
        }
        return sum + protocol + length;
    }

    /** A VRRPv3 advertisement (RFC 5798 section 5.1) for {@code vrid} with one address, checksum filled. */
    static byte[] vrrpAdvert(int vrid, int priority, InetAddress vip, InetAddress src, InetAddress dst) {
        return vrrpAdvert(vrid, priority, java.util.List.of(vip), src, dst);
    }

    /** The same with several addresses (all of one family). */
    static byte[] vrrpAdvert(int vrid, int priority, java.util.List<InetAddress> vips, InetAddress src, InetAddress dst) {
        int size = vips.getFirst().getAddress().length;
        ByteBuffer b = ByteBuffer.allocate(8 + size * vips.size());
        b.put((byte) 0x31).put((byte) vrid).put((byte) priority).put((byte) vips.size());
        b.putShort((short) 100); // max advert interval: 100 centiseconds
        b.putShort((short) 0);
        vips.forEach(vip -> b.put(vip.getAddress()));
        byte[] packet = b.array();
        int sum = checksum(packet, 0, packet.length, pseudoSum(src.getAddress(), dst.getAddress(), packet.length));
        packet[6] = (byte) (sum >> 8);
        packet[7] = (byte) sum;
        return packet;
    }

    /** True when the VRRP checksum over the IPv6 pseudo-header verifies. */
    static boolean vrrpChecksumValid(byte[] packet, Inet6Address src, Inet6Address dst) {
        return checksum(packet, 0, packet.length, pseudoSum(src.getAddress(), dst.getAddress(), packet.length)) == 0;
    }

    /** An IPv4 datagram carrying {@code payload} as protocol 112, TOS 0xC0, TTL 255, checksum filled. */
    static byte[] ipv4(Inet4Address src, Inet4Address dst, byte[] payload) {
        ByteBuffer b = ByteBuffer.allocate(20 + payload.length);
        b.put((byte) 0x45).put((byte) 0xC0).putShort((short) (20 + payload.length));
        b.putShort((short) 0x1234).putShort((short) 0); // id, flags/fragment offset
        b.put((byte) 255).put((byte) 112).putShort((short) 0);
        b.put(src.getAddress()).put(dst.getAddress());
        b.put(payload);
        byte[] datagram = b.array();
        int sum = checksum(datagram, 0, 20, 0);
        datagram[10] = (byte) (sum >> 8);
        datagram[11] = (byte) sum;
        return datagram;
    }

    /** A gratuitous ARP request (RFC 5798 section 6.4.2 / RFC 5227) announcing {@code ip} at {@code mac}. */
    static byte[] gratuitousArp(byte[] mac, Inet4Address ip) {
        ByteBuffer b = ByteBuffer.allocate(42);
        b.put(new byte[] {-1, -1, -1, -1, -1, -1}).put(mac).putShort((short) 0x0806);
        b.putShort((short) 1).putShort((short) 0x0800).put((byte) 6).put((byte) 4).putShort((short) 1);
        b.put(mac).put(ip.getAddress()).put(new byte[6]).put(ip.getAddress());
        return b.array();
    }

    /**
     * An unsolicited neighbour advertisement (RFC 4861 section 7.2.6) for {@code target} from
     * {@code mac} to all nodes (ff02::1), override flag set, with the target link-layer address option.
     */
    static byte[] unsolicitedNa(byte[] mac, Inet6Address source, Inet6Address target) throws Exception {
        Inet6Address allNodes = (Inet6Address) InetAddress.getByName("ff02::1");
        ByteBuffer icmp = ByteBuffer.allocate(32);
        icmp.put((byte) 136).put((byte) 0).putShort((short) 0); // type, code, checksum
        icmp.putInt(0x20000000); // override flag
        icmp.put(target.getAddress());
        icmp.put((byte) 2).put((byte) 1).put(mac); // target link-layer address option
        byte[] body = icmp.array();
        int sum = checksum(body, 0, body.length, pseudoSum(source.getAddress(), allNodes.getAddress(), body.length, 58));
        body[2] = (byte) (sum >> 8);
        body[3] = (byte) sum;
        ByteBuffer frame = ByteBuffer.allocate(14 + 40 + body.length);
        frame.put(new byte[] {0x33, 0x33, 0, 0, 0, 1}).put(mac).putShort((short) 0x86DD);
        frame.putInt(0x60000000).putShort((short) body.length).put((byte) 58).put((byte) 255);
        frame.put(source.getAddress()).put(allNodes.getAddress()).put(body);
        return frame.array();
    }
}
