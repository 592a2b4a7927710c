package io.keepwatch.vrrp.codec;

import io.keepwatch.vrrp.AddressFamily;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.util.HexFormat;

/** Small helpers shared by the codec tests. */
final class Packets {
    private Packets() {
    }

    static InetAddress ip(String literal) {
        try {
            return InetAddress.getByName(literal);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(literal, e);
        }
    }

    /** The IPv4 address at {@code at} in {@code bytes}. */
    static InetAddress ip4(byte[] bytes, int at) {
        try {
            return InetAddress.getByAddress(java.util.Arrays.copyOfRange(bytes, at, at + 4));
        } catch (UnknownHostException e) {
            throw new AssertionError(e);
        }
    }

    static byte[] hex(String hex) {
        return HexFormat.of().parseHex(hex.replaceAll("\\s", ""));
    }

    static String hex(byte[] bytes) {
        return HexFormat.of().formatHex(bytes);
    }

    static byte[] slice(byte[] a, int from, int to) {
        return java.util.Arrays.copyOfRange(a, from, to);
    }

    static byte[] encodeAdvert(VrrpAdvert advert, Endpoints endpoints) {
        ByteBuffer out = ByteBuffer.allocate(VrrpEncoder.advertLength(advert));
        VrrpEncoder.encodeAdvert(advert, endpoints, out);
        return out.array();
    }

    static byte[] encodeDatagram(VrrpAdvert advert, Endpoints endpoints, int ipId) {
        ByteBuffer out = ByteBuffer.allocate(VrrpEncoder.ipv4DatagramLength(advert));
        VrrpEncoder.encodeIpv4Datagram(advert, endpoints, ipId, out);
        return out.array();
    }

    /** Recomputes the VRRP checksum of an IPv4 datagram after a test changed its fields. */
    static void fixIpv4VrrpChecksum(byte[] datagram) {
        fixIpv4VrrpChecksumAfter(datagram, (datagram[0] & 0x0F) * 4);
    }

    /** {@link #fixIpv4VrrpChecksum} for a VRRP message at {@code ihl} (after an AH header, say). */
    static void fixIpv4VrrpChecksumAfter(byte[] datagram, int ihl) {
        ByteBuffer b = ByteBuffer.wrap(datagram);
        int version = (datagram[ihl] & 0xFF) >>> 4;
        int count = datagram[ihl + 3] & 0xFF;
        int len = VrrpWire.vrrpLength(version, AddressFamily.IPV4, count);
        len = Math.min(len, datagram.length - ihl);
        datagram[ihl + 6] = 0;
        datagram[ihl + 7] = 0;
        long acc = 0;
        if (version == 3) {
            acc = InternetChecksum.add(acc, b, 12, 8);
            acc = InternetChecksum.addPseudoHeaderTail(acc, 112, len);
        }
        int sum = InternetChecksum.finish(InternetChecksum.add(acc, b, ihl, len));
        datagram[ihl + 6] = (byte) (sum >>> 8);
        datagram[ihl + 7] = (byte) sum;
    }
}
