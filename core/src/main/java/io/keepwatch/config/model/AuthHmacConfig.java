package io.keepwatch.config.model;

import io.keepwatch.vrrp.codec.AntiReplay;
import io.keepwatch.vrrp.codec.HmacKey;
import io.keepwatch.vrrp.codec.HmacMode;
import io.keepwatch.vrrp.codec.HmacSettings;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The {@code auth_hmac} block of an instance (keepalived 2.4): adverts carry an HMAC-SHA256 trailer
 * with a sequence against replay.
 *
 * @param keys              {@code key ID VALUE}: every key adverts are verified with
 * @param activeKey         {@code active_key}: the id adverts are signed with, one of {@code keys}
 * @param mode              {@code mode}; default enforce
 * @param antiReplay        {@code anti_replay}; default time
 * @param timeWindowSeconds {@code time_window}; default three advert intervals in whole seconds, 5..300
 */
public record AuthHmacConfig(List<Key> keys, int activeKey, HmacMode mode, AntiReplay antiReplay,
                             int timeWindowSeconds) {

    /**
     * One {@code key ID VALUE}.
     *
     * @param id    1..255
     * @param file  the path of {@code file:PATH}, printed as written; empty for a key written inline
     * @param value the key as written inline or in the file (after its line end): {@code hex:DIGITS}
     *              for raw octets, else the text's octets (UTF-8). Never printed unless asked for.
     */
    public record Key(int id, Optional<Path> file, Secret value) {
        public Key {
            Objects.requireNonNull(file, "file");
            Objects.requireNonNull(value, "value");
        }

        /** The key's octets: {@code hex:} digits decoded, or the text's octets. */
        public byte[] octets() {
            return decode(value.reveal());
        }

        /**
         * The octets of a key value: after {@code hex:}, pairs of hexadecimal digits; otherwise the
         * text itself.
         *
         * @throws IllegalArgumentException for {@code hex:} digits that are not whole octets
         */
        public static byte[] decode(String value) {
            if (value.startsWith("hex:")) {
                return HexFormat.of().parseHex(value.substring(4));
            }
            return value.getBytes(StandardCharsets.UTF_8);
        }
    }

    /** What a dump prints for a key written inline: 32 characters, so it reads back as a key. */
    public static final String MASKED_KEY = "*".repeat(32);

    public AuthHmacConfig {
        keys = List.copyOf(keys);
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(antiReplay, "antiReplay");
    }

    /** The settings the codec signs and verifies with. */
    public HmacSettings settings() {
        return new HmacSettings(keys.stream().map(k -> new HmacKey(k.id(), k.octets())).toList(), activeKey, mode,
                antiReplay, timeWindowSeconds);
    }
}
