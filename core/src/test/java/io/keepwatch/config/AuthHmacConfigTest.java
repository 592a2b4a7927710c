package io.keepwatch.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.keepwatch.config.diagnostic.Diagnostic;
import io.keepwatch.config.model.AuthHmacConfig;
import io.keepwatch.config.model.KeepalivedConfig;
import io.keepwatch.config.model.VrrpInstanceConfig;
import io.keepwatch.vrrp.codec.AntiReplay;
import io.keepwatch.vrrp.codec.AuthType;
import io.keepwatch.vrrp.codec.HmacMode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The auth_hmac block of an instance, as keepalived 2.4.3 reads it, and its dump. */
class AuthHmacConfigTest {
    private static final String HEX_KEY = "hex:000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f";

    @TempDir
    Path dir;

    private static ConfigResult read(String instance) {
        return ConfigLoader.loadString("h.conf", "vrrp_instance VI_1 {\ninterface eth0\nvirtual_router_id 51\n"
                + "virtual_ipaddress {\n192.0.2.100/24\n}\n" + instance + "\n}\n", Path.of("/nonexistent"), "n");
    }

    private static VrrpInstanceConfig instance(String text) {
        ConfigResult r = read(text);
        assertThat(r.errors()).isEmpty();
        assertThat(r.warnings()).isEmpty();
        return r.config().orElseThrow().instances().getFirst();
    }

    @Test
    void defaultsAreEnforceTimeAndThreeAdvertIntervalsAtLeastFiveSeconds() {
        AuthHmacConfig a = instance("auth_hmac {\nkey 1 " + HEX_KEY + "\nactive_key 1\n}").authHmac().orElseThrow();
        assertThat(a.mode()).isEqualTo(HmacMode.ENFORCE);
        assertThat(a.antiReplay()).isEqualTo(AntiReplay.TIME);
        assertThat(a.timeWindowSeconds()).isEqualTo(5);
        assertThat(a.keys().getFirst().octets()).isEqualTo(HexFormat.of().parseHex(HEX_KEY.substring(4)));
        assertThat(instance("advert_int 4\nauth_hmac {\nkey 1 " + HEX_KEY + "\nactive_key 1\n}").authHmac()
                .orElseThrow().timeWindowSeconds()).isEqualTo(12);
        assertThat(instance("version 3\nadvert_int 0.5\nauth_hmac {\nkey 1 " + HEX_KEY + "\nactive_key 1\n}")
                .authHmac().orElseThrow().timeWindowSeconds()).isEqualTo(5);
    }

    @Test
    void everyKeywordIsRead() {
        AuthHmacConfig a = instance("auth_hmac {\nkey 1 " + HEX_KEY + "\nkey 7 abcdefghijklmnopqrstuvwxyz0123456789\n"
                + "active_key 7\nanti_replay monotonic\ntime_window 30\nmode receive-only\n}").authHmac().orElseThrow();
        assertThat(a.keys()).extracting(AuthHmacConfig.Key::id).containsExactly(1, 7);
        assertThat(new String(a.keys().get(1).octets())).isEqualTo("abcdefghijklmnopqrstuvwxyz0123456789");
        assertThat(a.activeKey()).isEqualTo(7);
        assertThat(a.antiReplay()).isEqualTo(AntiReplay.MONOTONIC);
        assertThat(a.timeWindowSeconds()).isEqualTo(30);
        assertThat(a.mode()).isEqualTo(HmacMode.RECEIVE_ONLY);
        assertThat(a.settings().signingKey().id()).isEqualTo(7);
    }

    @Test
    void badValuesAreErrorsAndAnUndefinedActiveKeyDropsTheBlockWithAWarning() {
        ConfigResult r = read("auth_hmac {\nkey 1 short\nkey 2 hex:0g\nkey 300 " + HEX_KEY + "\nkey 3 " + HEX_KEY
                + "\nkey 3 " + HEX_KEY + "\nanti_replay sometimes\nmode lax\ntime_window 301\nactive_key 4\n}");
        assertThat(r.errors()).map(Diagnostic::toString).containsExactly(
                "h.conf:8: vrrp_instance VI_1: auth_hmac key 1 has 5 octets, not 32..64",
                "h.conf:9: vrrp_instance VI_1: auth_hmac key 2: the digits after hex: are not whole octets",
                "h.conf:10: key 300 is out of range 1..255",
                "h.conf:12: vrrp_instance VI_1: duplicate auth_hmac key id 3",
                "h.conf:13: vrrp_instance VI_1: auth_hmac anti_replay 'sometimes' is neither time nor monotonic",
                "h.conf:14: vrrp_instance VI_1: auth_hmac mode 'lax' is none of enforce, permissive, receive-only",
                "h.conf:15: time_window 301 is out of range 1..300");
        ConfigResult undefined = read("auth_hmac {\nkey 1 " + HEX_KEY + "\nactive_key 2\n}");
        assertThat(undefined.errors()).isEmpty();
        assertThat(undefined.warnings()).map(Diagnostic::toString).containsExactly("h.conf:7: warning: vrrp_instance VI_1: auth_hmac"
                + " active_key 2 is not a defined key; auth_hmac ignored, adverts are neither signed nor verified");
        assertThat(undefined.config().orElseThrow().instances().getFirst().authHmac()).isEmpty();
    }

    @Test
    void authHmacReplacesAuthenticationAndStrictModeRequiresEnforce() {
        ConfigResult r = read("authentication {\nauth_type PASS\nauth_pass 1111\n}\nauth_hmac {\nkey 1 " + HEX_KEY
                + "\nactive_key 1\nmode permissive\n}");
        assertThat(r.warnings()).map(Diagnostic::toString)
                .containsExactly("h.conf:7: warning: vrrp_instance VI_1: auth_hmac replaces authentication; authentication ignored");
        VrrpInstanceConfig i = r.config().orElseThrow().instances().getFirst();
        assertThat(i.authentication().type()).isEqualTo(AuthType.NONE);
        assertThat(i.authHmac().orElseThrow().mode()).isEqualTo(HmacMode.PERMISSIVE);

        ConfigResult strict = read("strict_mode on\npriority 255\nauth_hmac {\nkey 1 " + HEX_KEY
                + "\nactive_key 1\nmode permissive\n}");
        assertThat(strict.warnings()).map(Diagnostic::toString)
                .contains("h.conf:9: warning: vrrp_instance VI_1: vrrp_strict requires auth_hmac mode enforce; set to enforce");
        assertThat(strict.config().orElseThrow().instances().getFirst().authHmac().orElseThrow().mode())
                .isEqualTo(HmacMode.ENFORCE);
    }

    @Test
    void aKeyFileMustBeRootsAloneAndIsPrintedByItsPath() throws IOException {
        Path key = dir.resolve("vrrp51");
        Files.writeString(key, "hex:" + "ab".repeat(40) + "\n");
        Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-------"));
        VrrpInstanceConfig i = instance("auth_hmac {\nkey 9 file:" + key + "\nactive_key 9\n}");
        AuthHmacConfig.Key k = i.authHmac().orElseThrow().keys().getFirst();
        assertThat(k.octets()).hasSize(40).containsOnly((byte) 0xAB);
        String dump = ConfigPrinter.print(new KeepalivedConfigHolder(read("auth_hmac {\nkey 9 file:" + key
                + "\nactive_key 9\n}")).config, false);
        assertThat(dump).contains("key 9 file:" + key).doesNotContain("abab");

        Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-r-----"));
        ConfigResult open = read("auth_hmac {\nkey 9 file:" + key + "\nactive_key 9\n}");
        assertThat(open.errors()).map(Diagnostic::toString).containsExactly("h.conf:8: vrrp_instance VI_1: auth_hmac key file "
                + key + " is open to group or others (chmod 600 it); refused");

        ConfigResult missing = read("auth_hmac {\nkey 9 file:" + dir.resolve("none") + "\nactive_key 9\n}");
        assertThat(missing.errors()).map(Diagnostic::toString).containsExactly("h.conf:8: vrrp_instance VI_1: auth_hmac key file "
                + dir.resolve("none") + " is not a regular file");
    }

    @Test
    void theDumpMasksInlineKeysYetReadsBackAndARevealingDumpReadsBackTheSame() {
        ConfigResult r = read("auth_hmac {\nkey 1 " + HEX_KEY + "\nkey 2 abcdefghijklmnopqrstuvwxyz0123456789\n"
                + "active_key 2\nmode permissive\n}");
        KeepalivedConfig config = r.config().orElseThrow();
        String masked = ConfigPrinter.print(config);
        assertThat(masked).doesNotContain(HEX_KEY.substring(4)).doesNotContain("abcdefghijklmnopqrstuvwxyz")
                .contains("key 1 " + AuthHmacConfig.MASKED_KEY);
        assertThat(config.instances().getFirst().authHmac().orElseThrow().toString())
                .doesNotContain(HEX_KEY.substring(4)).doesNotContain("abcdefghij");
        ConfigResult again = ConfigLoader.loadString("dump.conf", masked, Path.of("/nonexistent"), "n");
        assertThat(again.errors()).isEmpty();

        String revealed = ConfigPrinter.print(config, true);
        assertThat(ConfigLoader.loadString("dump.conf", revealed, Path.of("/nonexistent"), "n").config().orElseThrow())
                .isEqualTo(config);
    }

    /** The loaded model of a result without errors. */
    private record KeepalivedConfigHolder(KeepalivedConfig config) {
        KeepalivedConfigHolder(ConfigResult r) {
            this(r.config().orElseThrow());
        }
    }
}
