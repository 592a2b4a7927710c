package io.keepwatch.config.bind;

import io.keepwatch.config.diagnostic.Diagnostics;
import io.keepwatch.config.model.AuthHmacConfig;
import io.keepwatch.config.model.Secret;
import io.keepwatch.plugin.api.ConfigNode;
import io.keepwatch.plugin.api.SourcePosition;
import io.keepwatch.vrrp.codec.AntiReplay;
import io.keepwatch.vrrp.codec.HmacKey;
import io.keepwatch.vrrp.codec.HmacMode;
import io.keepwatch.vrrp.codec.HmacSettings;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

/**
 * Binds an instance's {@code auth_hmac { key ID hex:...|file:PATH|STRING  active_key ID
 * anti_replay time|monotonic  time_window SECONDS  mode receive-only|permissive|enforce }} as
 * keepalived 2.4.3 reads it. A key file must belong to root and be readable by nobody else, since
 * it holds a secret: another file is refused (keepalived only warns). Key values are never put in
 * a message.
 */
final class AuthHmacBinder {
    /** Longest key file: {@code hex:}, 64 octets in hex, and room for a line end. */
    private static final int MAX_KEY_FILE = 4 + HmacKey.MAX_LENGTH * 2 + 8;
    private static final Set<PosixFilePermission> GROUP_OR_OTHERS = EnumSet.of(
            PosixFilePermission.GROUP_READ, PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_EXECUTE,
            PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_EXECUTE);

    /** The block as read, before the settings that depend on the rest of the instance. */
    record Read(List<AuthHmacConfig.Key> keys, OptionalInt activeKey, HmacMode mode, AntiReplay antiReplay,
                OptionalInt timeWindow, SourcePosition at) {
    }

    private final Values values;
    private final Diagnostics diagnostics;

    AuthHmacBinder(Values values) {
        this.values = values;
        this.diagnostics = values.diagnostics();
    }

    Read read(ConfigNode block, String label) {
        List<AuthHmacConfig.Key> keys = new ArrayList<>();
        OptionalInt active = OptionalInt.empty();
        HmacMode mode = HmacMode.ENFORCE;
        AntiReplay antiReplay = AntiReplay.TIME;
        OptionalInt window = OptionalInt.empty();
        for (ConfigNode n : values.block(block)) {
            switch (n.keyword()) {
                case "key" -> key(n, label).ifPresent(k -> {
                    if (keys.stream().anyMatch(other -> other.id() == k.id())) {
                        diagnostics.error(n.position(), label + ": duplicate auth_hmac key id " + k.id());
                    } else {
                        keys.add(k);
                    }
                });
                case "active_key" -> {
                    OptionalInt id = values.integer(n, 1, 255);
                    if (id.isPresent()) active = id;
                }
                case "anti_replay" -> {
                    Optional<String> w = values.word(n);
                    if (w.isPresent()) {
                        AntiReplay a = AntiReplay.of(w.get());
                        if (a == null) {
                            diagnostics.error(n.position(), label + ": auth_hmac anti_replay '" + w.get()
                                    + "' is neither time nor monotonic");
                        } else {
                            antiReplay = a;
                        }
                    }
                }
                case "time_window" -> {
                    OptionalInt s = values.integer(n, HmacSettings.MIN_TIME_WINDOW, HmacSettings.MAX_TIME_WINDOW);
                    if (s.isPresent()) window = s;
                }
                case "mode" -> {
                    Optional<String> w = values.word(n);
                    if (w.isPresent()) {
                        HmacMode m = HmacMode.of(w.get());
                        if (m == null) {
                            diagnostics.error(n.position(), label + ": auth_hmac mode '" + w.get()
                                    + "' is none of enforce, permissive, receive-only");
                        } else {
                            mode = m;
                        }
                    }
                }
                default -> diagnostics.warning(n.position(), "unknown keyword '" + n.keyword()
                        + "' in auth_hmac of " + label + "; ignored");
            }
        }
        return new Read(keys, active, mode, antiReplay, window, block.position());
    }

    /**
     * The settings once the instance is known, or empty: keepalived drops the block, with a warning,
     * when {@code active_key} names no key. {@code vrrp_strict} requires {@code mode enforce}.
     */
    Optional<AuthHmacConfig> finish(Read read, String label, Duration advertInterval, boolean strict) {
        if (read.activeKey().isEmpty() || read.keys().stream().noneMatch(k -> k.id() == read.activeKey().getAsInt())) {
            diagnostics.warning(read.at(), label + ": auth_hmac active_key "
                    + (read.activeKey().isEmpty() ? "is not set" : read.activeKey().getAsInt() + " is not a defined key")
                    + "; auth_hmac ignored, adverts are neither signed nor verified");
            return Optional.empty();
        }
        HmacMode mode = read.mode();
        if (strict && mode != HmacMode.ENFORCE) {
            diagnostics.warning(read.at(), label + ": vrrp_strict requires auth_hmac mode enforce; set to enforce");
            mode = HmacMode.ENFORCE;
        }
        int window = read.timeWindow().orElse(HmacSettings.defaultTimeWindow((int) (advertInterval.toMillis() / 10)));
        return Optional.of(new AuthHmacConfig(read.keys(), read.activeKey().getAsInt(), mode, read.antiReplay(), window));
    }

    private Optional<AuthHmacConfig.Key> key(ConfigNode n, String label) {
        if (n.arguments().size() < 2) {
            diagnostics.error(n.position(), label + ": auth_hmac key needs an id and a value");
            return Optional.empty();
        }
        OptionalInt id = values.integer(n, n.arguments().get(0), 1, 255);
        if (id.isEmpty()) return Optional.empty();
        String written = n.arguments().get(1);
        Optional<Path> file = Optional.empty();
        String value = written;
        if (written.startsWith("file:")) {
            file = Optional.of(Path.of(written.substring(5)));
            Optional<String> read = readKeyFile(n, label, file.get());
            if (read.isEmpty()) return Optional.empty();
            value = read.get();
        }
        byte[] octets;
        try {
            octets = AuthHmacConfig.Key.decode(value);
        } catch (IllegalArgumentException e) {
            diagnostics.error(n.position(), label + ": auth_hmac key " + id.getAsInt()
                    + (file.isPresent() ? " in " + file.get() : "") + ": the digits after hex: are not whole octets");
            return Optional.empty();
        }
        if (octets.length < HmacKey.MIN_LENGTH || octets.length > HmacKey.MAX_LENGTH) {
            diagnostics.error(n.position(), label + ": auth_hmac key " + id.getAsInt() + " has " + octets.length
                    + " octets, not " + HmacKey.MIN_LENGTH + ".." + HmacKey.MAX_LENGTH);
            return Optional.empty();
        }
        return Optional.of(new AuthHmacConfig.Key(id.getAsInt(), file, new Secret(value)));
    }

    /** The key text of a key file (its last line end dropped), if the file is root's alone. */
    private Optional<String> readKeyFile(ConfigNode n, String label, Path path) {
        String what = label + ": auth_hmac key file " + path;
        try {
            if (!Files.isRegularFile(path)) {
                diagnostics.error(n.position(), what + " is not a regular file");
                return Optional.empty();
            }
            int uid = (Integer) Files.getAttribute(path, "unix:uid", LinkOption.NOFOLLOW_LINKS);
            if (uid != 0) {
                diagnostics.error(n.position(), what + " belongs to uid " + uid + ", not root; refused");
                return Optional.empty();
            }
            Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(path);
            if (permissions.stream().anyMatch(GROUP_OR_OTHERS::contains)) {
                diagnostics.error(n.position(), what + " is open to group or others (chmod 600 it); refused");
                return Optional.empty();
            }
            byte[] content;
            try (InputStream in = Files.newInputStream(path)) {
                content = in.readNBytes(MAX_KEY_FILE + 1);
            }
            if (content.length > MAX_KEY_FILE) {
                diagnostics.error(n.position(), what + " is too large for a key");
                return Optional.empty();
            }
            int end = content.length;
            while (end > 0 && (content[end - 1] == '\n' || content[end - 1] == '\r')) end--;
            return Optional.of(new String(content, 0, end, StandardCharsets.UTF_8));
        } catch (IOException | UnsupportedOperationException e) {
            diagnostics.error(n.position(), what + " cannot be read: " + e.getMessage());
            return Optional.empty();
        }
    }
}
