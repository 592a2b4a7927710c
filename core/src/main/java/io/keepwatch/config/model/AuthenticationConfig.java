package io.keepwatch.config.model;

import io.keepwatch.vrrp.codec.AuthType;
import java.util.Objects;

/**
 * The {@code authentication} block of an instance.
 *
 * @param type the authentication type; {@link AuthType#NONE} when the block is absent or cleared
 * @param password {@code auth_pass}, at most 8 bytes of UTF-8 (RFC 3768 5.3.10); empty for NONE
 */
public record AuthenticationConfig(AuthType type, Secret password) {
    public static final AuthenticationConfig NONE = new AuthenticationConfig(AuthType.NONE, new Secret(""));

    public AuthenticationConfig {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(password, "password");
    }
}
