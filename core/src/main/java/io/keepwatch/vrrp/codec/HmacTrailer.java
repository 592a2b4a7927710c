package io.keepwatch.vrrp.codec;

import io.keepwatch.vrrp.AddressFamily;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.util.Arrays;

/**
 * The {@code auth_hmac} trailer of keepalived 2.4.3 (draft-cassen-vrrp-auth-hmac): 28 octets right
 * after the VRRP message (after the VRRPv2 authentication data), outside the message's own length.
 *
 * <pre>
 *  0      type: 1, HMAC-SHA256 truncated to 128 bits
 *  1      key id: the key the sender signed with
 *  2..3   reserved, zero
 *  4..7   seconds of UTC since the Unix epoch (low 32 bits)       \
 *  8..9   binary fraction of that second, in 1/65536 s              > the 64-bit sequence
 *  10..11 counter: tells apart two adverts of one timestamp        /
 *  12..27 HMAC
 * </pre>
 *
 * <p>The HMAC (RFC 2104, SHA-256, first 16 octets) covers a 20-octet pseudo-header (4 or 6 for the
 * family, the VRRP version, the VRID, a zero, the source address padded with zeros to 16 octets),
 * then the VRRP message with its checksum read as zero, then the trailer with its HMAC read as
 * zero. The IP header is not covered, so the IP ID, the TTL and the unicast destination may differ
 * between copies of one signed advert; the checksum is left out because the kernel writes the
 * IPv6 one. The VRRPv2/IPv4 checksum covers the message alone, the IPv6 one (the kernel's, over the
 * whole payload) the trailer too.
 */
public final class HmacTrailer {
    /** Octets of the trailer. */
    public static final int LENGTH = 28;
    /** The only trailer type: HMAC-SHA256 truncated to 128 bits. */
    static final int TYPE_HMAC_SHA256_128 = 1;
    static final int HMAC_LENGTH = 16;
    static final int OFF_TYPE = 0;
    static final int OFF_KEY_ID = 1;
    static final int OFF_RESERVED = 2;
    static final int OFF_SEQUENCE = 4;
    static final int OFF_HMAC = 12;
    private static final int PSEUDO_HEADER_LENGTH = 20;

    /** What verifying a trailer found. */
    public enum Verdict {
        OK,
        /** Unknown type, or reserved octets not zero. */
        MALFORMED,
        /** The key id names none of the receiver's keys. */
        UNKNOWN_KEY,
        /** The HMAC is not the one the key gives. */
        BAD_HMAC
    }

    private HmacTrailer() {
    }

    /**
     * Writes the trailer after the VRRP message at {@code h} ({@code vrrpLength} octets) and signs it
     * with {@code key}; with IPv6, the VRRP checksum is then set again over message and trailer, as the
     * kernel sets it on sending (IPV6_CHECKSUM).
     *
     * @param sequence the 64-bit sequence ({@link HmacSequence}) of this advert
     * @param from     the advert's source and destination (the source is signed; the IPv6 checksum
     *                 uses both)
     */
    public static void sign(ByteBuffer buf, int h, int vrrpLength, HmacKey key, long sequence, Endpoints from) {
        int t = h + vrrpLength;
        buf.put(t + OFF_TYPE, (byte) TYPE_HMAC_SHA256_128);
        buf.put(t + OFF_KEY_ID, (byte) key.id());
        buf.put(t + OFF_RESERVED, (byte) 0);
        buf.put(t + OFF_RESERVED + 1, (byte) 0);
        for (int i = 0; i < 8; i++) {
            buf.put(t + OFF_SEQUENCE + i, (byte) (sequence >>> (56 - 8 * i)));
        }
        byte[] mac = key.mac(macInput(buf, h, vrrpLength, from.packedSource()));
        for (int i = 0; i < HMAC_LENGTH; i++) {
            buf.put(t + OFF_HMAC + i, mac[i]);
        }
        if (from.family() == AddressFamily.IPV6) {
            int len = vrrpLength + LENGTH;
            VrrpEncoder.putShort(buf, h + VrrpWire.OFF_CHECKSUM, 0);
            long acc = InternetChecksum.add(0, from.packedSource());
            acc = InternetChecksum.add(acc, from.packedChecksumDestination());
            acc = InternetChecksum.addPseudoHeaderTail(acc, VrrpWire.PROTOCOL_VRRP, len);
            acc = InternetChecksum.add(acc, buf, h, len);
            VrrpEncoder.putShort(buf, h + VrrpWire.OFF_CHECKSUM, InternetChecksum.finish(acc));
        }
    }

    /**
     * Checks the trailer after the VRRP message at {@code h}: its form, its key id, then its HMAC
     * (in constant time) with {@code source} as the signed sender.
     */
    static Verdict verify(ByteBuffer buf, int h, int vrrpLength, byte[] source, HmacSettings settings) {
        int t = h + vrrpLength;
        if ((buf.get(t + OFF_TYPE) & 0xFF) != TYPE_HMAC_SHA256_128 || buf.get(t + OFF_RESERVED) != 0
                || buf.get(t + OFF_RESERVED + 1) != 0) {
            return Verdict.MALFORMED;
        }
        HmacKey key = settings.key(keyId(buf, t));
        if (key == null) {
            return Verdict.UNKNOWN_KEY;
        }
        byte[] mac = key.mac(macInput(buf, h, vrrpLength, source));
        byte[] received = new byte[HMAC_LENGTH];
        buf.get(t + OFF_HMAC, received);
        return MessageDigest.isEqual(received, Arrays.copyOf(mac, HMAC_LENGTH)) ? Verdict.OK : Verdict.BAD_HMAC;
    }

    /** The key id of the trailer at {@code t}. */
    static int keyId(ByteBuffer buf, int t) {
        return buf.get(t + OFF_KEY_ID) & 0xFF;
    }

    /** The 64-bit sequence of the trailer at {@code t}. */
    static long sequence(ByteBuffer buf, int t) {
        long s = 0;
        for (int i = 0; i < 8; i++) {
            s = (s << 8) | (buf.get(t + OFF_SEQUENCE + i) & 0xFF);
        }
        return s;
    }

    /** Pseudo-header, message with a zero checksum, trailer with a zero HMAC. */
    private static byte[] macInput(ByteBuffer buf, int h, int vrrpLength, byte[] source) {
        byte[] in = new byte[PSEUDO_HEADER_LENGTH + vrrpLength + LENGTH];
        int version = (buf.get(h + VrrpWire.OFF_VERSION_TYPE) & 0xFF) >>> 4;
        in[0] = (byte) (source.length == 16 ? 6 : 4);
        in[1] = (byte) version;
        in[2] = buf.get(h + VrrpWire.OFF_VRID);
        System.arraycopy(source, 0, in, 4, source.length);
        buf.get(h, in, PSEUDO_HEADER_LENGTH, vrrpLength + OFF_HMAC);
        in[PSEUDO_HEADER_LENGTH + VrrpWire.OFF_CHECKSUM] = 0;
        in[PSEUDO_HEADER_LENGTH + VrrpWire.OFF_CHECKSUM + 1] = 0;
        return in;
    }

}
