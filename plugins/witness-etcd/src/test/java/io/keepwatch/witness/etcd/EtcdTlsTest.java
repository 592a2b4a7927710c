package io.keepwatch.witness.etcd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.keepwatch.plugin.api.Witness;
import io.keepwatch.plugin.api.WitnessException;
import io.keepwatch.plugin.api.WitnessSession;
import io.keepwatch.plugin.testkit.PluginTestKit;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An etcd member serving clients over TLS and requiring a client certificate ({@code --client-cert-auth}),
 * with a CA, a server and a client certificate made by openssl for the test.
 */
class EtcdTlsTest {

    @TempDir
    static Path certs;
    private static EtcdCluster etcd;
    private final Witnesses witnesses = new Witnesses();

    @BeforeAll
    static void startEtcdWithTls() throws Exception {
        openssl("req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
                "-keyout", "ca.key", "-out", "ca.pem", "-days", "2", "-subj", "/CN=keepwatch test CA");
        certificate("server", "subjectAltName=IP:127.0.0.1\nextendedKeyUsage=serverAuth,clientAuth\n");
        certificate("client", "extendedKeyUsage=clientAuth\n");
        // The client's key also in SEC1 form (BEGIN EC PRIVATE KEY), as cfssl writes EC keys.
        openssl("ec", "-in", "client.key", "-out", "client-sec1.key");
        // Another CA's certificate: not trusted by the member.
        openssl("req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
                "-keyout", "stranger.key", "-out", "stranger.pem", "-days", "2", "-subj", "/CN=stranger");
        EtcdTls fixtureTls = EtcdTls.bind(PluginTestKit.block("vrrp_witness", "fixture", "ca " + certs.resolve("ca.pem"),
                "cert " + certs.resolve("client.pem"), "key " + certs.resolve("client.key"))).orElseThrow();
        etcd = EtcdCluster.startTls(certs, true, fixtureTls.context());
    }

    private static void certificate(String name, String extensions) throws Exception {
        Files.writeString(certs.resolve(name + ".ext"), extensions);
        openssl("req", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
                "-keyout", name + ".key", "-out", name + ".csr", "-subj", "/CN=" + name);
        openssl("x509", "-req", "-in", name + ".csr", "-CA", "ca.pem", "-CAkey", "ca.key", "-CAcreateserial",
                "-out", name + ".pem", "-days", "2", "-extfile", name + ".ext");
    }

    private static void openssl(String... arguments) throws Exception {
        Openssl.run(certs, arguments);
    }

    @AfterAll
    static void stopEtcd() {
        if (etcd != null) {
            etcd.close();
        }
    }

    @AfterEach
    void close() throws Exception {
        witnesses.close();
    }

    @Test
    void aClientCertificateSignedByTheCaHoldsAndWatches() throws Exception {
        Witness witness = witnesses.create("endpoints " + etcd.endpoints().getFirst(), "ttl 10", "timeout 6",
                "ca " + certs.resolve("ca.pem"), "cert " + certs.resolve("client.pem"), "key " + certs.resolve("client.key"));
        AtomicInteger calls = new AtomicInteger();
        witnesses.closing(witness.watch("VI_1", calls::incrementAndGet));
        WitnessSession a = witness.open("lb1");
        assertThat(a.acquire("VI_1")).isTrue();
        assertThat(witness.holder("VI_1")).contains("lb1");
        a.keepAlive();
        EtcdCluster.await(java.time.Duration.ofSeconds(20), () -> calls.get() >= 1, "the watch over TLS");
    }

    @Test
    void aClientKeyInSec1FormWorksAlike() throws Exception {
        Witness witness = witnesses.create("endpoints " + etcd.endpoints().getFirst(), "ttl 10", "timeout 6",
                "ca " + certs.resolve("ca.pem"), "cert " + certs.resolve("client.pem"),
                "key " + certs.resolve("client-sec1.key"));
        assertThat(Files.readString(certs.resolve("client-sec1.key"))).startsWith("-----BEGIN EC PRIVATE KEY-----");
        assertThat(witness.open("lb2").acquire("VI_2")).isTrue();
    }

    @Test
    void withoutTheRightCertificatesTheStoreIsUnreachable() {
        Witness noClientCertificate = witnesses.create("endpoints " + etcd.endpoints().getFirst(), "ttl 10", "timeout 6",
                "ca " + certs.resolve("ca.pem"));
        assertThatThrownBy(() -> noClientCertificate.open("lb1")).isInstanceOf(WitnessException.class);
        Witness untrustedServer = witnesses.create("endpoints " + etcd.endpoints().getFirst(), "ttl 10", "timeout 6",
                "ca " + certs.resolve("stranger.pem"), "cert " + certs.resolve("client.pem"),
                "key " + certs.resolve("client.key"));
        assertThatThrownBy(() -> untrustedServer.open("lb1")).isInstanceOf(WitnessException.class);
    }
}
