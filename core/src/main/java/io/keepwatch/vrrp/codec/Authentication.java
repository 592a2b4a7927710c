package io.keepwatch.vrrp.codec;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Objects;

/**
 * A VRRPv2 authentication type and the 8 octets of its Authentication Data field (RFC 3768 5.3.10).
 * Immutable.
 */
public final class Authentication {
    /** Octets of the VRRPv2 Authentication Data field. */
    public static final int DATA_LENGTH = 8;

    /** No authentication: the field is sent as zeros, as keepalived does. */
    public static final Authentication NONE = new Authentication(AuthType.NONE, new byte[DATA_LENGTH]);

    private final AuthType type;
    private final byte[] data;

    private Authentication(AuthType type, byte[] data) {
        this.type = type;
        this.data = data;
    }

    /**
     * Simple text authentication ({@code auth_type PASS}) with {@code password} as keepalived stores
     * it: its UTF-8 octets, NUL-padded to 8.
     *
     * @throws IllegalArgumentException if the password is empty or longer than 8 octets
     */
    public static Authentication pass(String password) {
        byte[] octets = password.getBytes(StandardCharsets.UTF_8);
        if (octets.length == 0 || octets.length > DATA_LENGTH) {
            throw new IllegalArgumentException(
                    "auth_pass must be 1 to " + DATA_LENGTH + " octets, got " + octets.length);
        }
        return new Authentication(AuthType.PASS, Arrays.copyOf(octets, DATA_LENGTH));
    }

    /**
     * IPsec AH authentication ({@code auth_type AH}) keyed by {@code password} as keepalived keys
     * it: its UTF-8 octets, NUL-padded to 8. The key never goes on the wire: the VRRP message's
     * Authentication Data is then zero and the AH header carries an HMAC-MD5-96 ({@link IpsecAh}).
     *
     * @throws IllegalArgumentException if the password is empty or longer than 8 octets
     */
    public static Authentication ah(String password) {
        byte[] octets = password.getBytes(StandardCharsets.UTF_8);
        if (octets.length == 0 || octets.length > DATA_LENGTH) {
            throw new IllegalArgumentException(
                    "auth_pass must be 1 to " + DATA_LENGTH + " octets, got " + octets.length);
        }
        return new Authentication(AuthType.AH, Arrays.copyOf(octets, DATA_LENGTH));
    }

    /**
     * Any type with raw field octets, as received.
     *
     * @throws IllegalArgumentException if {@code data} is not 8 octets
     */
    public static Authentication of(AuthType type, byte[] data) {
        Objects.requireNonNull(type, "type");
        if (data.length != DATA_LENGTH) {
            throw new IllegalArgumentException("authentication data must be " + DATA_LENGTH + " octets, got " + data.length);
        }
        return new Authentication(type, data.clone());
    }

    public AuthType type() {
        return type;
    }

    /** A copy of the 8 field octets. */
    public byte[] data() {
        return data.clone();
    }

    /** Octet {@code i} of the Authentication Data field as sent: the password for PASS, else zero. */
    byte dataAt(int i) {
        return type == AuthType.PASS ? data[i] : 0;
    }

    /** The AH key octets, without copying. */
    byte[] key() {
        return data;
    }

    /** Constant-time comparison of the field with {@code received}, so timing leaks no password octets. */
    boolean dataMatches(byte[] received) {
        return MessageDigest.isEqual(data, received);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Authentication other && type == other.type && Arrays.equals(data, other.data);
    }

    @Override
    public int hashCode() {
        return 31 * type.hashCode() + Arrays.hashCode(data);
    }

    /** Never shows the password octets. */
    @Override
    public String toString() {
        return type == AuthType.NONE ? "NONE" : type + "(8 octets)";
    }
}
