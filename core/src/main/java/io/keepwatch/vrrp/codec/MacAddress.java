package io.keepwatch.vrrp.codec;

import java.nio.ByteBuffer;
import java.util.HexFormat;

/**
 * A 48-bit Ethernet address, held in the low 48 bits of a long so that it is a value and copying
 * it allocates nothing.
 */
public record MacAddress(long value) {
    public static final int LENGTH = 6;
    public static final MacAddress BROADCAST = new MacAddress(0xFFFF_FFFF_FFFFL);

    public MacAddress {
        if ((value >>> 48) != 0) {
            throw new IllegalArgumentException("a MAC address has 48 bits, got 0x" + Long.toHexString(value));
        }
    }

    /** From 6 octets, as the kernel reports them. */
    public static MacAddress of(byte[] octets) {
        if (octets.length != LENGTH) {
            throw new IllegalArgumentException("a MAC address has 6 octets, got " + octets.length);
        }
        long v = 0;
        for (byte b : octets) {
            v = (v << 8) | (b & 0xFF);
        }
        return new MacAddress(v);
    }

    /** From the usual colon-separated form, e.g. {@code 02:00:00:00:00:0a}. */
    public static MacAddress parse(String text) {
        String[] parts = text.split(":", -1);
        if (parts.length != LENGTH) {
            throw new IllegalArgumentException("not a MAC address: '" + text + "'");
        }
        long v = 0;
        for (String part : parts) {
            if (part.isEmpty() || part.length() > 2 || !HexFormat.isHexDigit(part.charAt(0))
                    || (part.length() == 2 && !HexFormat.isHexDigit(part.charAt(1)))) {
                throw new IllegalArgumentException("not a MAC address: '" + text + "'");
            }
            v = (v << 8) | Integer.parseInt(part, 16);
        }
        return new MacAddress(v);
    }

    /** The 6 octets. */
    public byte[] octets() {
        byte[] out = new byte[LENGTH];
        for (int i = 0; i < LENGTH; i++) {
            out[i] = octet(i);
        }
        return out;
    }

    byte octet(int i) {
        return (byte) (value >>> (8 * (LENGTH - 1 - i)));
    }

    /** Writes the 6 octets at absolute index {@code at}. */
    void writeTo(ByteBuffer out, int at) {
        for (int i = 0; i < LENGTH; i++) {
            out.put(at + i, octet(i));
        }
    }

    /**
     * Written out, as is {@link #hashCode()}: a record's generated ones are made at their first call
     * (a class generated, then another at the thirty-first), and the first calls come on the VRRP
     * thread as a backup takes over and sees the old master's frames (the failover fast path, see
     * package io.keepwatch.runtime).
     */
    @Override
    public boolean equals(Object other) {
        return other instanceof MacAddress that && value == that.value;
    }

    @Override
    public int hashCode() {
        return Long.hashCode(value);
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(17);
        for (int i = 0; i < LENGTH; i++) {
            sb.append(i == 0 ? "" : ":").append(HexFormat.of().toHexDigits(octet(i)));
        }
        return sb.toString();
    }
}
