package io.keepwatch.vrrp.codec;

import io.keepwatch.vrrp.VrrpVersion;
import io.keepwatch.vrrp.AddressFamily;
import java.nio.ByteBuffer;

/**
 * Writes VRRP adverts into caller-supplied buffers. Allocation-free: adverts go out every
 * advert_int, down to 10 ms.
 *
 * <p>Every method writes at the buffer's position, advances it past the written octets and returns
 * their number. Arguments that cannot make a valid packet (wrong family, too little room) throw
 * {@link IllegalArgumentException} before anything is written.
 */
public final class VrrpEncoder {
    private VrrpEncoder() {
    }

    /** Octets of the VRRP message for {@code advert}. */
    public static int advertLength(VrrpAdvert advert) {
        return VrrpWire.vrrpLength(advert.version().number(), advert.family(), advert.addressCount());
    }

    /** Octets of the IPv4 datagram (header, AH header with {@code auth_type AH}, VRRP message) for {@code advert}. */
    public static int ipv4DatagramLength(VrrpAdvert advert) {
        return VrrpWire.IPV4_HEADER_LENGTH + ahLength(advert) + advertLength(advert);
    }

    private static int ahLength(VrrpAdvert advert) {
        return advert.authentication().type() == AuthType.AH ? IpsecAh.HEADER_LENGTH : 0;
    }

    /**
     * Writes the VRRP message, the payload of an IPv6 raw socket (or of an IPv4 one without
     * {@code IP_HDRINCL}). The checksum covers the pseudo-header built from {@code endpoints} for
     * VRRPv3 (RFC 5798 5.2.8) and the VRRP message only for VRRPv2 (RFC 3768 5.3.8).
     */
    public static int encodeAdvert(VrrpAdvert advert, Endpoints endpoints, ByteBuffer out) {
        return encodeAdvert(advert, endpoints, false, out);
    }

    /**
     * As {@link #encodeAdvert(VrrpAdvert, Endpoints, ByteBuffer)}, followed, with {@code trailer},
     * by room for an {@code auth_hmac} trailer (zeros until {@link HmacTrailer#sign} fills it).
     */
    public static int encodeAdvert(VrrpAdvert advert, Endpoints endpoints, boolean trailer, ByteBuffer out) {
        int len = advertLength(advert) + (trailer ? HmacTrailer.LENGTH : 0);
        requireFits(advert, endpoints, out, len);
        int start = out.position();
        write(advert, endpoints, out, start);
        zero(out, start + advertLength(advert), len - advertLength(advert));
        out.position(start + len);
        return len;
    }

    /** {@link #encodeIpv4Datagram(VrrpAdvert, Endpoints, int, int, ByteBuffer)} with TTL 255. */
    public static int encodeIpv4Datagram(VrrpAdvert advert, Endpoints endpoints, int ipId, ByteBuffer out) {
        return encodeIpv4Datagram(advert, endpoints, ipId, VrrpWire.TTL, out);
    }

    /**
     * Writes an IPv4 datagram for an {@code IP_HDRINCL} raw socket, with the header keepalived
     * builds: TOS 0xC0, no flags (DF clear) and fragment offset 0, protocol 112, no options, and
     * its checksum (the kernel rewrites it, but a complete datagram is easier to check). With
     * {@code auth_type AH} the protocol is 51 and an AH header precedes the VRRP message; it is
     * complete only once {@link IpsecAh#sign} has set its sequence number and ICV.
     *
     * @param ipId the Identification field; keepalived counts it up by one per advert and skips 0
     *             (see {@link #nextIpId}), since the kernel replaces a 0 with its own
     * @param ttl  255 for multicast; keepalived's {@code unicast_ttl} (0..255) for unicast peers
     */
    public static int encodeIpv4Datagram(VrrpAdvert advert, Endpoints endpoints, int ipId, int ttl, ByteBuffer out) {
        return encodeIpv4Datagram(advert, endpoints, ipId, ttl, false, out);
    }

    /**
     * As {@link #encodeIpv4Datagram(VrrpAdvert, Endpoints, int, int, ByteBuffer)}, with, when
     * {@code trailer}, room for an {@code auth_hmac} trailer after the VRRP message, counted in the
     * Total Length (zeros until {@link HmacTrailer#sign} fills it).
     */
    public static int encodeIpv4Datagram(VrrpAdvert advert, Endpoints endpoints, int ipId, int ttl, boolean trailer,
                                         ByteBuffer out) {
        if (advert.family() != AddressFamily.IPV4) {
            throw new IllegalArgumentException("an IPv4 datagram needs an IPv4 advert, got " + advert.family());
        }
        if (ipId < 0 || ipId > 0xFFFF) {
            throw new IllegalArgumentException("IP ID must be 0..65535, got " + ipId);
        }
        if (ttl < 0 || ttl > 255) {
            throw new IllegalArgumentException("TTL must be 0..255, got " + ttl);
        }
        int vrrpLen = advertLength(advert);
        int ahLen = ahLength(advert);
        int trailerLen = trailer ? HmacTrailer.LENGTH : 0;
        int total = VrrpWire.IPV4_HEADER_LENGTH + ahLen + vrrpLen + trailerLen;
        requireFits(advert, endpoints, out, total);
        int ip = out.position();
        out.put(ip, (byte) 0x45);
        out.put(ip + 1, (byte) VrrpWire.IPV4_TOS);
        putShort(out, ip + 2, total);
        putShort(out, ip + 4, ipId);
        putShort(out, ip + 6, 0);
        out.put(ip + 8, (byte) ttl);
        out.put(ip + 9, (byte) (ahLen > 0 ? VrrpWire.PROTOCOL_AH : VrrpWire.PROTOCOL_VRRP));
        putShort(out, ip + 10, 0);
        out.put(ip + 12, endpoints.packedSource());
        out.put(ip + 16, endpoints.packedDestination());
        putShort(out, ip + 10, InternetChecksum.finish(InternetChecksum.add(0, out, ip, VrrpWire.IPV4_HEADER_LENGTH)));
        if (ahLen > 0) {
            // sequence number and ICV are set at each send (IpsecAh.sign)
            IpsecAh.writeHeader(out, ip + VrrpWire.IPV4_HEADER_LENGTH, endpoints.packedSource());
        }
        write(advert, endpoints, out, ip + VrrpWire.IPV4_HEADER_LENGTH + ahLen);
        zero(out, ip + total - trailerLen, trailerLen);
        out.position(ip + total);
        return total;
    }

    /**
     * Gives a datagram of {@link #encodeIpv4Datagram} another IP ID, and the header checksum that
     * goes with it, in place: nothing else in an advert changes between two sends at one priority.
     */
    public static void setIpv4Id(byte[] datagram, int ipId) {
        if (ipId < 0 || ipId > 0xFFFF) {
            throw new IllegalArgumentException("IP ID must be 0..65535, got " + ipId);
        }
        if (datagram.length < VrrpWire.IPV4_HEADER_LENGTH || (datagram[0] & 0xFF) != 0x45) {
            throw new IllegalArgumentException("not an IPv4 datagram without options: " + datagram.length + " bytes");
        }
        ByteBuffer header = ByteBuffer.wrap(datagram);
        putShort(header, 4, ipId);
        putShort(header, 10, 0);
        putShort(header, 10, InternetChecksum.finish(InternetChecksum.add(0, header, 0, VrrpWire.IPV4_HEADER_LENGTH)));
    }

    /** The IP ID after {@code previous}, wrapping past 65535 to 1 as keepalived does (0 means "kernel, choose"). */
    public static int nextIpId(int previous) {
        int next = (previous + 1) & 0xFFFF;
        return next == 0 ? 1 : next;
    }

    private static void write(VrrpAdvert advert, Endpoints endpoints, ByteBuffer out, int h) {
        VrrpVersion version = advert.version();
        out.put(h + VrrpWire.OFF_VERSION_TYPE, (byte) ((version.number() << 4) | VrrpWire.TYPE_ADVERTISEMENT));
        out.put(h + VrrpWire.OFF_VRID, (byte) advert.vrid());
        out.put(h + VrrpWire.OFF_PRIORITY, (byte) advert.priority());
        out.put(h + VrrpWire.OFF_COUNT, (byte) advert.addressCount());
        if (version == VrrpVersion.V2) {
            out.put(h + VrrpWire.OFF_V2_AUTH_TYPE, (byte) advert.authentication().type().code());
            out.put(h + VrrpWire.OFF_V2_ADVER_INT, (byte) (advert.advertIntervalCentis() / 100));
        } else {
            // rsvd bits MUST be zero on send (RFC 5798 5.2.7).
            putShort(out, h + VrrpWire.OFF_V3_MAX_ADVER_INT, advert.advertIntervalCentis() & VrrpWire.V3_INTERVAL_MASK);
        }
        putShort(out, h + VrrpWire.OFF_CHECKSUM, 0);
        byte[] addresses = advert.packedAddresses();
        out.put(h + VrrpWire.HEADER_LENGTH, addresses);
        int len = VrrpWire.HEADER_LENGTH + addresses.length;
        long acc = 0;
        if (version == VrrpVersion.V2) {
            Authentication auth = advert.authentication();
            for (int i = 0; i < Authentication.DATA_LENGTH; i++) {
                out.put(h + len + i, auth.dataAt(i));
            }
            len += Authentication.DATA_LENGTH;
        } else {
            acc = InternetChecksum.add(acc, endpoints.packedSource());
            acc = InternetChecksum.add(acc, endpoints.packedChecksumDestination());
            acc = InternetChecksum.addPseudoHeaderTail(acc, VrrpWire.PROTOCOL_VRRP, len);
        }
        acc = InternetChecksum.add(acc, out, h, len);
        putShort(out, h + VrrpWire.OFF_CHECKSUM, InternetChecksum.finish(acc));
    }

    private static void requireFits(VrrpAdvert advert, Endpoints endpoints, ByteBuffer out, int len) {
        if (endpoints.family() != advert.family()) {
            throw new IllegalArgumentException("endpoints are " + endpoints.family() + " but the advert is " + advert.family());
        }
        if (out.isReadOnly()) {
            throw new IllegalArgumentException("output buffer is read-only");
        }
        if (out.remaining() < len) {
            throw new IllegalArgumentException("output buffer has " + out.remaining() + " octets left, the packet needs " + len);
        }
    }

    private static void zero(ByteBuffer out, int at, int len) {
        for (int i = 0; i < len; i++) {
            out.put(at + i, (byte) 0);
        }
    }

    static void putShort(ByteBuffer out, int at, int value) {
        out.put(at, (byte) (value >>> 8));
        out.put(at + 1, (byte) value);
    }
}
