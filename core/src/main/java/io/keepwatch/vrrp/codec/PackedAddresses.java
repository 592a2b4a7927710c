package io.keepwatch.vrrp.codec;

import java.util.Arrays;

/** Operations on addresses packed back to back in wire order. */
final class PackedAddresses {
    private PackedAddresses() {
    }

    /** A copy with the addresses in unsigned octet order. */
    static byte[] sorted(byte[] packed, int addressLength) {
        int n = packed.length / addressLength;
        byte[][] each = new byte[n][];
        for (int i = 0; i < n; i++) {
            each[i] = Arrays.copyOfRange(packed, i * addressLength, (i + 1) * addressLength);
        }
        Arrays.sort(each, Arrays::compareUnsigned);
        byte[] out = new byte[packed.length];
        for (int i = 0; i < n; i++) {
            System.arraycopy(each[i], 0, out, i * addressLength, addressLength);
        }
        return out;
    }
}
