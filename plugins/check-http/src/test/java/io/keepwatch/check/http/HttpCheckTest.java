package io.keepwatch.check.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.keepwatch.plugin.api.CheckResult;
import io.keepwatch.plugin.api.HealthCheck;
import io.keepwatch.plugin.api.HealthCheckSettings;
import io.keepwatch.plugin.api.PluginConfigException;
import io.keepwatch.plugins.CheckScheduler;
import io.keepwatch.plugins.Ticker;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import okhttp3.tls.HandshakeCertificates;
import okhttp3.tls.HeldCertificate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HttpCheckTest {

    private final HttpCheckFactory factory = new HttpCheckFactory();
    private final MockWebServer server = new MockWebServer();
    private HealthCheck check;

    @TempDir
    Path dir;

    @BeforeEach
    void start() throws Exception {
        server.start(InetAddress.getByName("127.0.0.1"), 0);
    }

    @AfterEach
    void stop() {
        if (check != null) {
            check.close();
        }
        server.close();
    }

    private String url(String path) {
        return "http" + (httpsOn ? "s" : "") + "://127.0.0.1:" + server.getPort() + path;
    }

    private boolean httpsOn;

    private HealthCheck check(String... lines) {
        check = factory.create(Conf.context(Conf.block("web", lines)));
        return check;
    }

    private static MockResponse status(int code, String body) {
        return new MockResponse.Builder().code(code).body(body).build();
    }

    @Test
    void upOnA2xxByDefault() throws Exception {
        server.enqueue(status(204, ""));
        CheckResult r = check("type http", "url " + url("/health")).check(Duration.ofSeconds(2));
        assertThat(r).isEqualTo(CheckResult.up("HTTP 204 from GET " + url("/health")));
        RecordedRequest req = server.takeRequest(2, TimeUnit.SECONDS);
        assertThat(req.getMethod()).isEqualTo("GET");
        assertThat(req.getTarget()).isEqualTo("/health");
    }

    @Test
    void downOnAnUnexpectedStatus() throws Exception {
        server.enqueue(status(503, "busy"));
        CheckResult r = check("type http", "url " + url("/")).check(Duration.ofSeconds(2));
        assertThat(r.up()).isFalse();
        assertThat(r.message()).isEqualTo("HTTP 503 from GET " + url("/") + " (expected 200-299)");
    }

    @Test
    void statusCodeListAndRanges() throws Exception {
        HealthCheck c = check("type http", "url " + url("/"), "status_code 200-202 301");
        for (int code : List.of(200, 202, 301, 203, 302)) {
            server.enqueue(new MockResponse.Builder().code(code).addHeader("Location", "/elsewhere").build());
        }
        assertThat(c.check(Duration.ofSeconds(2)).up()).isTrue();
        assertThat(c.check(Duration.ofSeconds(2)).up()).isTrue();
        assertThat(c.check(Duration.ofSeconds(2)).up()).as("301 listed, redirect not followed").isTrue();
        assertThat(c.check(Duration.ofSeconds(2)).up()).isFalse();
        assertThat(c.check(Duration.ofSeconds(2)).up()).isFalse();
    }

    @Test
    void bodyRegexMustMatch() throws Exception {
        HealthCheck c = check("type http", "url " + url("/"), "body_regex =\"status\":\\s*\"UP\"");
        server.enqueue(status(200, "{\"status\": \"UP\"}"));
        server.enqueue(status(200, "{\"status\": \"DOWN\"}"));
        assertThat(c.check(Duration.ofSeconds(2)).up()).isTrue();
        CheckResult down = c.check(Duration.ofSeconds(2));
        assertThat(down.up()).isFalse();
        assertThat(down.message()).contains("body does not match");
    }

    @Test
    void methodHeadersAndBodyAreSent() throws Exception {
        server.enqueue(status(200, ""));
        check("type http", "url " + url("/probe"), "method post", "header X-Probe =keep watch",
                "request_body ={\"ping\":1}").check(Duration.ofSeconds(2));
        RecordedRequest req = server.takeRequest(2, TimeUnit.SECONDS);
        assertThat(req.getMethod()).isEqualTo("POST");
        assertThat(req.getHeaders().get("X-Probe")).isEqualTo("keep watch");
        assertThat(req.getBody().utf8()).isEqualTo("{\"ping\":1}");
    }

    @Test
    void slowServerTimesOutAsDown() throws Exception {
        server.enqueue(new MockResponse.Builder().code(200).headersDelay(5, TimeUnit.SECONDS).build());
        long start = System.nanoTime();
        CheckResult r = check("type http", "url " + url("/")).check(Duration.ofMillis(300));
        long tookMs = (System.nanoTime() - start) / 1_000_000;
        assertThat(r.up()).isFalse();
        assertThat(r.message()).contains("timed out after 300 ms");
        assertThat(tookMs).isLessThan(3_000);
    }

    @Test
    void connectionRefusedIsDown() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            port = s.getLocalPort();
        }
        CheckResult r = check("type http", "url http://127.0.0.1:" + port + "/").check(Duration.ofSeconds(2));
        assertThat(r.up()).isFalse();
        assertThat(r.message()).contains("failed").contains("ConnectException");
    }

    private HeldCertificate https() {
        HeldCertificate cert = new HeldCertificate.Builder()
                .addSubjectAlternativeName("127.0.0.1")
                .addSubjectAlternativeName("localhost")
                .commonName("keepwatch test")
                .build();
        server.useHttps(new HandshakeCertificates.Builder().heldCertificate(cert).build().sslSocketFactory());
        httpsOn = true;
        return cert;
    }

    @Test
    void httpsWithAnUntrustedCertificateIsDownWhenVerifying() throws Exception {
        https();
        server.enqueue(status(200, "ok"));
        CheckResult r = check("type http", "url " + url("/")).check(Duration.ofSeconds(2));
        assertThat(r.up()).isFalse();
        assertThat(r.message()).contains("SSLHandshakeException");
    }

    @Test
    void httpsWithVerificationOffAcceptsAnyCertificate() throws Exception {
        https();
        server.enqueue(status(200, "ok"));
        assertThat(check("type http", "url " + url("/"), "tls_verify off").check(Duration.ofSeconds(2)).up()).isTrue();
    }

    @Test
    void httpsTrustingAPrivateCaVerifies() throws Exception {
        HeldCertificate cert = https();
        Path ca = dir.resolve("ca.pem");
        Files.writeString(ca, cert.certificatePem());
        server.enqueue(status(200, "ok"));
        CheckResult r = check("type http", "url " + url("/"), "ca_file " + ca).check(Duration.ofSeconds(2));
        assertThat(r.up()).as(r.message()).isTrue();
    }

    @Test
    void flappingServiceFollowsRiseAndFall() throws Exception {
        var block = Conf.block("web", "type http", "url " + url("/"), "interval 0.05", "timeout 5", "rise 2", "fall 3");
        // up, up | down, up, down, down, down | up, up
        for (int code : List.of(200, 200, 500, 200, 500, 500, 500, 200, 200)) {
            server.enqueue(status(code, ""));
        }
        for (int i = 0; i < 100; i++) {
            server.enqueue(status(200, ""));
        }
        LinkedBlockingQueue<String> changes = new LinkedBlockingQueue<>();
        check = factory.create(Conf.context(block));
        try (var scheduler = new CheckScheduler(Ticker.system(),
                (n, up, m) -> changes.add(up + "@" + server.getRequestCount()), new SimpleMeterRegistry())) {
            scheduler.add("web", check, HealthCheckSettings.of(block));
            scheduler.start();
            // First result decides (not init_fail); then 3 consecutive failures; then 2 successes.
            assertThat(changes.poll(10, TimeUnit.SECONDS)).isEqualTo("true@1");
            assertThat(changes.poll(10, TimeUnit.SECONDS)).isEqualTo("false@7");
            assertThat(changes.poll(10, TimeUnit.SECONDS)).isEqualTo("true@9");
        }
    }

    @Test
    void configurationErrorsNameTheLine() {
        assertThatThrownBy(() -> check("type http"))
                .isInstanceOf(PluginConfigException.class).hasMessage("test.conf:1: missing 'url' in vrrp_check block");
        assertThatThrownBy(() -> check("type http", "url ftp://x/"))
                .hasMessage("test.conf:3: 'url' must be an http:// or https:// URL");
        assertThatThrownBy(() -> check("type http", "url http://x/", "status_code 200-1000"))
                .hasMessage("test.conf:4: status code 1000 is not between 100 and 599");
        assertThatThrownBy(() -> check("type http", "url http://x/", "tls_verify maybe"))
                .hasMessage("test.conf:4: 'tls_verify' must be on or off, got 'maybe'");
        assertThatThrownBy(() -> check("type http", "url http://x/", "body_regex ("))
                .hasMessageStartingWith("test.conf:4: bad 'body_regex'");
    }
}
