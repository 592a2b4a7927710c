package io.keepwatch.vrrp.codec;

/**
 * VRRPv2 Auth Type field (RFC 3768 5.3.6), named as keepalived's {@code auth_type} keyword names
 * them. VRRPv3 has no authentication field (RFC 5798 5.2).
 */
public enum AuthType {
    /** 0: no authentication. */
    NONE(0),
    /** 1: simple text password ({@code auth_type PASS}), NUL-padded to 8 octets. */
    PASS(1),
    /** 2: IPsec AH ({@code auth_type AH}): an AH header with HMAC-MD5-96 before the VRRP message ({@link IpsecAh}). */
    AH(2);

    private final int code;

    AuthType(int code) {
        this.code = code;
    }

    /** The value of the Auth Type field. */
    public int code() {
        return code;
    }

    /** The type for a field value, or {@code null} if the value is none of the known ones. */
    static AuthType fromCode(int code) {
        return switch (code) {
            case 0 -> NONE;
            case 1 -> PASS;
            case 2 -> AH;
            default -> null;
        };
    }
}
