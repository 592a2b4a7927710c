package io.keepwatch.vrrp.codec;

import java.nio.ByteBuffer;

/** The Internet checksum (RFC 1071) over buffer ranges and address octets, allocation-free. */
final class InternetChecksum {
    private InternetChecksum() {
    }

    /** Adds the 16-bit big-endian words of {@code len} octets at absolute {@code from}; an odd last octet is padded. */
    static long add(long acc, ByteBuffer buf, int from, int len) {
        int i = 0;
        for (; i + 1 < len; i += 2) {
            acc += ((buf.get(from + i) & 0xFF) << 8) | (buf.get(from + i + 1) & 0xFF);
        }
        if (i < len) {
            acc += (buf.get(from + i) & 0xFF) << 8;
        }
        return acc;
    }

    /** Adds the words of an address (4 or 16 octets, always even). */
    static long add(long acc, byte[] octets) {
        for (int i = 0; i < octets.length; i += 2) {
            acc += ((octets[i] & 0xFF) << 8) | (octets[i + 1] & 0xFF);
        }
        return acc;
    }

    /** Adds the IPv4 (RFC 768 style) or IPv6 (RFC 8200 8.1) pseudo-header fields after the addresses. */
    static long addPseudoHeaderTail(long acc, int protocol, int upperLayerLength) {
        // Both layouts sum to the same words: zero + protocol, and the length (IPv6's 32-bit length
        // has a zero upper word for any length a VRRP packet can have).
        return acc + protocol + upperLayerLength;
    }

    /** Folds the carries and complements: the value to put in a checksum field, or 0 when verifying a correct one. */
    static int finish(long acc) {
        while ((acc >>> 16) != 0) {
            acc = (acc & 0xFFFF) + (acc >>> 16);
        }
        return (int) (~acc & 0xFFFF);
    }
}
