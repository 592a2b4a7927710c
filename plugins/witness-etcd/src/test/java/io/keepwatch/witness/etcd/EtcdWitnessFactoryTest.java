package io.keepwatch.witness.etcd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.keepwatch.plugin.api.PluginConfigException;
import io.keepwatch.plugin.testkit.PluginTestKit;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Binding {@code vrrp_witness} blocks of type etcd, and the errors for wrong ones. */
class EtcdWitnessFactoryTest {

    private static EtcdSettings bind(String... lines) {
        String[] all = new String[lines.length + 1];
        all[0] = "type etcd";
        System.arraycopy(lines, 0, all, 1, lines.length);
        return EtcdWitnessFactory.bind(PluginTestKit.block("vrrp_witness", "main", all));
    }

    private static void fails(String message, String... lines) {
        assertThatThrownBy(() -> bind(lines)).isInstanceOf(PluginConfigException.class).hasMessage(message);
    }

    @Test
    void defaults() {
        EtcdSettings settings = bind("endpoints http://10.0.0.11:2379 https://10.0.0.12:2379/",
                "endpoints http://10.0.0.13:2379");
        assertThat(settings.endpoints()).extracting(Object::toString).containsExactly(
                "http://10.0.0.11:2379/", "https://10.0.0.12:2379/", "http://10.0.0.13:2379/");
        assertThat(settings.ttl()).isEqualTo(Duration.ofSeconds(3));
        assertThat(settings.timeout()).isEqualTo(Duration.ofSeconds(1));
        assertThat(settings.prefix()).isEqualTo("/keepwatch");
        assertThat(settings.tls()).isEmpty();
        assertThat(settings.credentials()).isEmpty();
    }

    @Test
    void everyKeyword() {
        EtcdSettings settings = bind("endpoints http://10.0.0.11:2379", "ttl 10", "prefix /ha/keepwatch/",
                "timeout 0.5", "user keepwatch", "password s3cret");
        assertThat(settings.ttl()).isEqualTo(Duration.ofSeconds(10));
        assertThat(settings.prefix()).isEqualTo("/ha/keepwatch");
        assertThat(settings.timeout()).isEqualTo(Duration.ofMillis(500));
        assertThat(settings.credentials()).contains(new EtcdSettings.Credentials("keepwatch", "s3cret"));
        assertThat(settings.toString()).doesNotContain("s3cret");
    }

    @Test
    void wrongBlocksNameTheirLine() {
        fails("test.conf:4: unknown keyword 'endpoint' in vrrp_witness block",
                "endpoints http://10.0.0.11:2379", "endpoint http://10.0.0.12:2379");
        fails("test.conf:1: missing 'endpoints' in vrrp_witness block", "ttl 3");
        fails("test.conf:3: 'endpoints' takes etcd client URLs like http://10.0.0.11:2379, got '10.0.0.11:2379'",
                "endpoints 10.0.0.11:2379");
        fails("test.conf:3: 'endpoints' takes etcd client URLs like http://10.0.0.11:2379, got 'http://10.0.0.11:2379/v3'",
                "endpoints http://10.0.0.11:2379/v3");
        fails("test.conf:3: 'endpoints' needs at least one URL", "endpoints");
        fails("test.conf:4: 'ttl' must be between 1 and 86400, got 0", "endpoints http://10.0.0.11:2379", "ttl 0");
        fails("test.conf:4: 'ttl' needs an integer, got '1.5'", "endpoints http://10.0.0.11:2379", "ttl 1.5");
        fails("test.conf:5: 'timeout' must be shorter than 'ttl' (3 s): a renewal must be able to fail and be"
                + " retried before the lease runs out", "endpoints http://10.0.0.11:2379", "ttl 3", "timeout 3");
        fails("test.conf:4: 'prefix' must be a key path like /keepwatch, got 'keepwatch'",
                "endpoints http://10.0.0.11:2379", "prefix keepwatch");
        fails("test.conf:4: 'user' and 'password' go together", "endpoints http://10.0.0.11:2379", "user kw");
        fails("test.conf:4: 'cert' and 'key' go together", "endpoints http://10.0.0.11:2379", "cert /x.pem");
    }

    @Test
    void privateKeysInPkcs8Pkcs1AndSec1FormAreRead(@TempDir Path dir) throws Exception {
        Openssl.run(dir, "genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-out", "pkcs8.key");
        Openssl.run(dir, "genrsa", "-traditional", "-out", "pkcs1.key", "2048");
        Openssl.run(dir, "ecparam", "-genkey", "-name", "secp384r1", "-noout", "-out", "sec1.key");
        assertThat(Files.readString(dir.resolve("pkcs1.key"))).startsWith("-----BEGIN RSA PRIVATE KEY-----");
        assertThat(Files.readString(dir.resolve("sec1.key"))).startsWith("-----BEGIN EC PRIVATE KEY-----");
        for (String key : new String[] {"pkcs8.key", "pkcs1.key", "sec1.key"}) {
            Openssl.run(dir, "req", "-x509", "-key", key, "-subj", "/CN=" + key, "-days", "1", "-out", key + ".pem");
            EtcdSettings settings = bind("endpoints https://10.0.0.11:2379", "cert " + dir.resolve(key + ".pem"),
                    "key " + dir.resolve(key));
            assertThat(settings.tls()).as(key).isPresent();
        }
    }

    @Test
    void unreadableOrWrongTlsFilesNameTheirLine(@TempDir Path dir) throws Exception {
        Path missing = dir.resolve("missing.pem");
        assertThatThrownBy(() -> bind("endpoints https://10.0.0.11:2379", "ca " + missing))
                .isInstanceOf(PluginConfigException.class)
                .hasMessageStartingWith("test.conf:4: cannot read 'ca' file " + missing);
        Path garbage = Files.writeString(dir.resolve("garbage.pem"), "not a certificate\n");
        assertThatThrownBy(() -> bind("endpoints https://10.0.0.11:2379", "ca " + garbage))
                .isInstanceOf(PluginConfigException.class).hasMessageStartingWith("test.conf:4: ");
        Path rsa = Files.writeString(dir.resolve("rsa.key"), "-----BEGIN RSA PRIVATE KEY-----\nAAAA\n-----END RSA PRIVATE KEY-----\n");
        assertThatThrownBy(() -> bind("endpoints https://10.0.0.11:2379", "cert " + garbage, "key " + rsa))
                .isInstanceOf(PluginConfigException.class).hasMessageStartingWith("test.conf:4: ");
        // A certificate that reads, beside a key that does not: the error is on the key's line.
        Path cert = dir.resolve("c.pem");
        Openssl.run(dir, "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
                "-keyout", "c.key", "-subj", "/CN=c", "-days", "1", "-out", "c.pem");
        assertThatThrownBy(() -> bind("endpoints https://10.0.0.11:2379", "cert " + cert, "key " + rsa))
                .isInstanceOf(PluginConfigException.class)
                .hasMessageStartingWith("test.conf:5: cannot read the private key in 'key' file " + rsa);
        Path none = Files.writeString(dir.resolve("none.key"), "no key here\n");
        assertThatThrownBy(() -> bind("endpoints https://10.0.0.11:2379", "cert " + cert, "key " + none))
                .isInstanceOf(PluginConfigException.class)
                .hasMessageStartingWith("test.conf:5: 'key' file " + none + " holds no unencrypted private key");
    }
}
