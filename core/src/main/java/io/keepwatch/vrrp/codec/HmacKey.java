package io.keepwatch.vrrp.codec;

import java.util.Arrays;
import java.util.Objects;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.security.GeneralSecurityException;

/**
 * One {@code auth_hmac} key: its id (1..255, carried in each trailer so that a receiver knows which
 * key to verify with) and its 32 to 64 octets. {@link #toString} never shows the octets.
 */
public final class HmacKey {
    /** keepalived's bounds on key material: at least 32 octets, at most SHA-256's block. */
    public static final int MIN_LENGTH = 32;
    public static final int MAX_LENGTH = 64;

    private final int id;
    private final byte[] octets;
    private final SecretKeySpec spec;

    public HmacKey(int id, byte[] octets) {
        Objects.requireNonNull(octets, "octets");
        if (id < 1 || id > 255) {
            throw new IllegalArgumentException("auth_hmac key id must be 1..255, got " + id);
        }
        if (octets.length < MIN_LENGTH || octets.length > MAX_LENGTH) {
            throw new IllegalArgumentException("auth_hmac key " + id + " has " + octets.length + " octets, not "
                    + MIN_LENGTH + ".." + MAX_LENGTH);
        }
        this.id = id;
        this.octets = octets.clone();
        this.spec = new SecretKeySpec(this.octets, "HmacSHA256");
    }

    public int id() {
        return id;
    }

    /**
     * Computes one HMAC now, so that the first advert verified or signed does not pay for loading
     * the provider: a receiver's reader that is slow on one advert lets the next overtake it, which
     * the replay guard would then count as a replay.
     */
    public void prepare() {
        mac(new byte[1]);
    }

    /** HMAC-SHA256 (RFC 2104) of {@code message} under this key. */
    byte[] mac(byte[] message) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(spec);
            return mac.doFinal(message);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every Java runtime", e);
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof HmacKey other && id == other.id && Arrays.equals(octets, other.octets);
    }

    @Override
    public int hashCode() {
        return 31 * id + Arrays.hashCode(octets);
    }

    /** Never shows the octets. */
    @Override
    public String toString() {
        return "HmacKey[" + id + ", " + octets.length + " octets]";
    }
}
