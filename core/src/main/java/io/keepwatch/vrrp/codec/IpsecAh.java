package io.keepwatch.vrrp.codec;

import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * keepalived's {@code auth_type AH}: a VRRPv2 advert behind an IPsec Authentication Header
 * (RFC 2402: IP protocol 51) with HMAC-MD5-96 (RFC 2403) keyed by the 8 {@code auth_pass} octets,
 * NUL-padded. keepalived's choices, which a peer must share: the SPI is the sender's IPv4 address,
 * the sequence number counts up by one per advert, and the integrity check value covers the IPv4
 * header (TOS, flags and fragment offset, header checksum, and for unicast peers the TTL, set to
 * zero), the AH header with a zero ICV, and the VRRP message, whose own Authentication Data is zero.
 *
 * <pre>
 * IPv4 header (20) | next header 112, payload length 4, reserved, SPI, sequence number, ICV (12) | VRRPv2
 * </pre>
 */
public final class IpsecAh {
    /** Octets of the AH header: 12 fixed and the 96-bit ICV. */
    public static final int HEADER_LENGTH = 24;
    /** RFC 2402 2.2: the header's length in 32-bit words, minus 2. */
    static final int PAYLOAD_LENGTH = 4;
    static final int OFF_NEXT_HEADER = 0;
    static final int OFF_PAYLOAD_LENGTH = 1;
    static final int OFF_SPI = 4;
    static final int OFF_SEQUENCE = 8;
    static final int OFF_ICV = 12;
    static final int ICV_LENGTH = 12;

    private IpsecAh() {
    }

    /** Writes the AH header at {@code at} with the SPI {@code spi} (the source address), sequence 0 and a zero ICV. */
    static void writeHeader(ByteBuffer out, int at, byte[] spi) {
        out.put(at + OFF_NEXT_HEADER, (byte) VrrpWire.PROTOCOL_VRRP);
        out.put(at + OFF_PAYLOAD_LENGTH, (byte) PAYLOAD_LENGTH);
        VrrpEncoder.putShort(out, at + 2, 0);
        out.put(at + OFF_SPI, spi);
        for (int i = OFF_SEQUENCE; i < HEADER_LENGTH; i++) {
            out.put(at + i, (byte) 0);
        }
    }

    /**
     * Completes an AH datagram of {@link VrrpEncoder#encodeIpv4Datagram} for one send: its IP ID,
     * sequence number and ICV, then the IPv4 header checksum. In place.
     *
     * @param auth    the instance's {@link Authentication#ah} (its key)
     * @param unicast whether it goes to a unicast peer (the TTL is then left out of the ICV)
     */
    public static void sign(byte[] datagram, int ipId, long sequence, Authentication auth, boolean unicast) {
        if (auth.type() != AuthType.AH) {
            throw new IllegalArgumentException("not an AH authentication: " + auth);
        }
        byte[] key = auth.key();
        ByteBuffer d = ByteBuffer.wrap(datagram);
        if (datagram.length < VrrpWire.IPV4_HEADER_LENGTH + HEADER_LENGTH || (datagram[0] & 0xFF) != 0x45
                || (datagram[9] & 0xFF) != VrrpWire.PROTOCOL_AH) {
            throw new IllegalArgumentException("not an IPv4 AH datagram without options");
        }
        VrrpEncoder.putShort(d, 4, ipId);
        int ah = VrrpWire.IPV4_HEADER_LENGTH;
        d.putInt(ah + OFF_SEQUENCE, (int) sequence);
        Arrays.fill(datagram, ah + OFF_ICV, ah + OFF_ICV + ICV_LENGTH, (byte) 0);
        byte[] icv = icv(d, 0, VrrpWire.IPV4_HEADER_LENGTH, datagram.length, key, unicast);
        System.arraycopy(icv, 0, datagram, ah + OFF_ICV, ICV_LENGTH);
        VrrpEncoder.putShort(d, 10, 0);
        VrrpEncoder.putShort(d, 10, InternetChecksum.finish(InternetChecksum.add(0, d, 0, VrrpWire.IPV4_HEADER_LENGTH)));
    }

    /**
     * Whether the ICV of the AH datagram at {@code base} (IP header of {@code ihl} octets,
     * {@code length} octets in all) is right for {@code key}, compared in constant time.
     */
    static boolean verify(ByteBuffer datagram, int base, int ihl, int length, byte[] key, boolean unicast) {
        byte[] received = new byte[ICV_LENGTH];
        datagram.get(base + ihl + OFF_ICV, received);
        byte[] copy = new byte[length];
        datagram.get(base, copy);
        Arrays.fill(copy, ihl + OFF_ICV, ihl + OFF_ICV + ICV_LENGTH, (byte) 0);
        byte[] expected = icv(ByteBuffer.wrap(copy), 0, ihl, length, key, unicast);
        return MessageDigest.isEqual(received, Arrays.copyOf(expected, ICV_LENGTH));
    }

    /** The sequence number of the AH datagram at {@code base}. */
    static long sequence(ByteBuffer datagram, int base, int ihl) {
        return Integer.toUnsignedLong(datagram.getInt(base + ihl + OFF_SEQUENCE));
    }

    /** Whether the SPI equals the IPv4 source address, as keepalived requires. */
    static boolean spiIsSource(ByteBuffer datagram, int base, int ihl) {
        return datagram.getInt(base + ihl + OFF_SPI) == datagram.getInt(base + 12);
    }

    /** HMAC-MD5 over the datagram (its ICV already zero) with the mutable IPv4 fields zeroed. */
    private static byte[] icv(ByteBuffer d, int base, int ihl, int length, byte[] key, boolean unicast) {
        byte[] header = new byte[ihl];
        d.get(base, header);
        header[1] = 0;                 // TOS
        header[6] = 0;                 // flags and fragment offset
        header[7] = 0;
        header[10] = 0;                // header checksum
        header[11] = 0;
        if (unicast) {
            header[8] = 0;             // TTL: a routed unicast advert arrives with another
        }
        byte[] rest = new byte[length - ihl];
        d.get(base + ihl, rest);
        try {
            Mac mac = Mac.getInstance("HmacMD5");
            mac.init(new SecretKeySpec(key, "HmacMD5"));
            mac.update(header);
            mac.update(rest);
            return mac.doFinal();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-MD5 is part of every Java runtime", e);
        }
    }
}
