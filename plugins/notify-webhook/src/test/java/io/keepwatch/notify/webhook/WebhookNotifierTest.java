package io.keepwatch.notify.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.keepwatch.plugin.api.AddressConflictEvent;
import io.keepwatch.plugin.api.Notifier;
import io.keepwatch.plugin.api.PluginConfigException;
import io.keepwatch.plugin.api.TransitionEvent;
import io.keepwatch.plugin.api.TransitionEvent.Scope;
import io.keepwatch.plugin.api.TransitionEvent.VrrpState;
import io.keepwatch.plugin.testkit.PluginTestKit;
import io.keepwatch.plugins.NamedNotifier;
import io.keepwatch.plugins.NotifierDispatcher;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class WebhookNotifierTest {

    private final MockWebServer server = new MockWebServer();
    private final MockWebServer second = new MockWebServer();
    private final MeterRegistry registry = new SimpleMeterRegistry();
    private final List<AutoCloseable> closing = new ArrayList<>();

    @BeforeEach
    void start() throws Exception {
        server.start(InetAddress.getByName("127.0.0.1"), 0);
        second.start(InetAddress.getByName("127.0.0.1"), 0);
    }

    @AfterEach
    void stop() throws Exception {
        for (AutoCloseable c : closing) {
            c.close();
        }
        server.close();
        second.close();
    }

    private static TransitionEvent event(String name, VrrpState from, VrrpState to) {
        return new TransitionEvent(Scope.INSTANCE, name, from, to, 100, "master down timer expired",
                Instant.parse("2026-11-25T12:00:00Z"), "lb1", List.of("192.168.1.109/24"));
    }

    private Notifier notifier(String... lines) {
        Notifier n = new WebhookNotifierFactory().create(PluginTestKit.context(PluginTestKit.notifier("ops", lines)));
        closing.add(n);
        return n;
    }

    private NotifierDispatcher dispatcher(Notifier n) {
        NotifierDispatcher d = new NotifierDispatcher(List.of(new NamedNotifier("ops", "webhook", n)), registry);
        closing.addFirst(d);
        return d;
    }

    private double counter(String meter) {
        var c = registry.find(meter).tag("notifier", "ops").functionCounter();
        return c == null ? 0 : c.count();
    }

    private static void await(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not met within 15 s");
            }
            Thread.sleep(10);
        }
    }

    private static MockResponse code(int code) {
        return new MockResponse.Builder().code(code).build();
    }

    @Test
    void postsTheDocumentedPayloadSigned() throws Exception {
        server.enqueue(code(204));
        notifier("type webhook", "url " + server.url("/hook"), "secret =s3cret key").send(
                event("VI_1", VrrpState.BACKUP, VrrpState.MASTER));

        RecordedRequest req = server.takeRequest(5, TimeUnit.SECONDS);
        byte[] body = req.getBody().toByteArray();
        assertThat(req.getMethod()).isEqualTo("POST");
        assertThat(new String(body, StandardCharsets.UTF_8)).isEqualTo("{\"version\":1,\"event\":\"transition\","
                + "\"scope\":\"instance\",\"name\":\"VI_1\",\"old_state\":\"BACKUP\",\"new_state\":\"MASTER\","
                + "\"priority\":100,\"reason\":\"master down timer expired\",\"time\":\"2026-11-25T12:00:00Z\","
                + "\"router_id\":\"lb1\",\"vips\":[\"192.168.1.109/24\"]}");
        assertThat(req.getHeaders().get("Content-Type")).isEqualTo("application/json; charset=utf-8");
        assertThat(req.getHeaders().get("X-Keepwatch-Event")).isEqualTo("transition");
        assertThat(req.getHeaders().get("X-Keepwatch-Delivery")).isNotBlank();

        // Verified independently of the production code: HMAC-SHA256 over the raw body.
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec("s3cret key".getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        String expected = "sha256=" + HexFormat.of().formatHex(mac.doFinal(body));
        assertThat(req.getHeaders().get("X-Keepwatch-Signature")).isEqualTo(expected);
        assertThat(Signature.verify("s3cret key", body, expected)).isTrue();
        assertThat(Signature.verify("other", body, expected)).isFalse();
    }

    @Test
    void postsAnAddressConflictAsItsOwnEventKindInTheInstancesOrderAndRetriesIt() throws Exception {
        server.enqueue(code(200));
        server.enqueue(code(503));
        server.enqueue(code(200));
        server.enqueue(code(200));
        var d = dispatcher(notifier("type webhook", "url " + server.url("/"), "secret k", "retry_delay 0.05"));
        d.publish(event("VI_1", VrrpState.BACKUP, VrrpState.MASTER));
        d.publish(new AddressConflictEvent("VI_1", "eth0", 51, "192.168.1.109", "52:54:00:12:34:56",
                Optional.of("192.168.1.12"), false, Instant.parse("2026-11-25T12:00:01Z"), "lb1"));
        d.publish(new AddressConflictEvent("VI_1", "eth0", 51, "192.168.1.109", "52:54:00:12:34:56",
                Optional.empty(), true, Instant.parse("2026-11-25T12:00:09Z"), "lb1"));
        await(() -> counter("keepwatch.notifications.sent") == 3);
        assertThat(counter("keepwatch.notifications.retried")).isEqualTo(1);

        assertThat(server.takeRequest(5, TimeUnit.SECONDS).getHeaders().get("X-Keepwatch-Event"))
                .isEqualTo("transition");
        RecordedRequest refused = server.takeRequest(5, TimeUnit.SECONDS);
        RecordedRequest noticed = server.takeRequest(5, TimeUnit.SECONDS);
        byte[] body = noticed.getBody().toByteArray();
        assertThat(new String(body, StandardCharsets.UTF_8)).isEqualTo("{\"version\":1,\"event\":\"address_conflict\","
                + "\"ended\":false,\"instance\":\"VI_1\",\"interface\":\"eth0\",\"vrid\":51,"
                + "\"address\":\"192.168.1.109\",\"foreign_mac\":\"52:54:00:12:34:56\","
                + "\"other_host\":\"192.168.1.12\",\"time\":\"2026-11-25T12:00:01Z\",\"router_id\":\"lb1\"}");
        assertThat(noticed.getHeaders().get("X-Keepwatch-Event")).isEqualTo("address_conflict");
        assertThat(noticed.getHeaders().get("X-Keepwatch-Delivery"))
                .isEqualTo(refused.getHeaders().get("X-Keepwatch-Delivery"));
        assertThat(Signature.verify("k", body, noticed.getHeaders().get("X-Keepwatch-Signature"))).isTrue();
        assertThat(server.takeRequest(5, TimeUnit.SECONDS).getBody().utf8())
                .contains("\"ended\":true", "\"other_host\":null", "\"time\":\"2026-11-25T12:00:09Z\"");
    }

    @Test
    void noSecretNoSignature() throws Exception {
        server.enqueue(code(200));
        notifier("type webhook", "url " + server.url("/")).send(event("VI_1", VrrpState.INIT, VrrpState.BACKUP));
        assertThat(server.takeRequest(5, TimeUnit.SECONDS).getHeaders().get("X-Keepwatch-Signature")).isNull();
    }

    @Test
    void jsonEscapesStrings() {
        var e = new TransitionEvent(Scope.GROUP, "G\"1\\", VrrpState.MASTER, VrrpState.FAULT, 0, "line\nbreak\u0001",
                Instant.parse("2026-11-25T12:00:00Z"), "r", List.of());
        assertThat(new String(WebhookPayload.of(e), StandardCharsets.UTF_8))
                .contains("\"scope\":\"group\"", "\"name\":\"G\\\"1\\\\\"", "\"reason\":\"line\\nbreak\\u0001\"",
                        "\"vips\":[]");
    }

    @Test
    void retriesOn500ThenDelivers() throws Exception {
        server.enqueue(code(500));
        server.enqueue(code(502));
        server.enqueue(code(200));
        var d = dispatcher(notifier("type webhook", "url " + server.url("/"), "retries 3", "retry_delay 0.05"));
        d.publish(event("VI_1", VrrpState.BACKUP, VrrpState.MASTER));
        await(() -> counter("keepwatch.notifications.sent") == 1);
        assertThat(counter("keepwatch.notifications.retried")).isEqualTo(2);
        assertThat(counter("keepwatch.notifications.failed")).isZero();
        assertThat(server.getRequestCount()).isEqualTo(3);
        String id = server.takeRequest().getHeaders().get("X-Keepwatch-Delivery");
        assertThat(server.takeRequest().getHeaders().get("X-Keepwatch-Delivery")).isEqualTo(id);
    }

    @Test
    void retriesOnTimeout() throws Exception {
        server.enqueue(new MockResponse.Builder().code(200).headersDelay(3, TimeUnit.SECONDS).build());
        server.enqueue(code(200));
        for (int i = 0; i < 5; i++) {
            server.enqueue(code(200));
        }
        var d = dispatcher(notifier("type webhook", "url " + server.url("/"), "timeout 0.5", "retries 5",
                "retry_delay 0.05"));
        d.publish(event("VI_1", VrrpState.BACKUP, VrrpState.MASTER));
        await(() -> counter("keepwatch.notifications.sent") == 1);
        // The first attempt timed out; a retry delivered (more than one only on a very slow machine).
        assertThat(counter("keepwatch.notifications.retried")).isGreaterThanOrEqualTo(1);
        assertThat(counter("keepwatch.notifications.failed")).isZero();
        assertThat(server.getRequestCount()).isGreaterThanOrEqualTo(2);
    }

    @Test
    void givesUpAfterTheLastRetryAndCountsTheFailure() throws Exception {
        for (int i = 0; i < 3; i++) {
            server.enqueue(code(503));
        }
        var d = dispatcher(notifier("type webhook", "url " + server.url("/"), "retries 2", "retry_delay 0.02"));
        d.publish(event("VI_1", VrrpState.BACKUP, VrrpState.MASTER));
        await(() -> counter("keepwatch.notifications.failed") == 1);
        assertThat(counter("keepwatch.notifications.retried")).isEqualTo(2);
        assertThat(server.getRequestCount()).isEqualTo(3);
    }

    @Test
    void clientErrorIsNotRetried() throws Exception {
        server.enqueue(code(400));
        var d = dispatcher(notifier("type webhook", "url " + server.url("/"), "retries 3", "retry_delay 0.02"));
        d.publish(event("VI_1", VrrpState.BACKUP, VrrpState.MASTER));
        await(() -> counter("keepwatch.notifications.failed") == 1);
        assertThat(counter("keepwatch.notifications.retried")).isZero();
        assertThat(server.getRequestCount()).isEqualTo(1);
    }

    @Test
    void aRetryGoesOnlyToTheUrlsThatFailed() throws Exception {
        server.enqueue(code(200));
        second.enqueue(code(500));
        second.enqueue(code(200));
        var d = dispatcher(notifier("type webhook", "url " + server.url("/a"), "url " + second.url("/b"),
                "retry_delay 0.02"));
        d.publish(event("VI_1", VrrpState.BACKUP, VrrpState.MASTER));
        await(() -> counter("keepwatch.notifications.sent") == 1);
        assertThat(server.getRequestCount()).isEqualTo(1);
        assertThat(second.getRequestCount()).isEqualTo(2);
    }

    @Test
    void eventsOfOneInstanceArriveInOrderEvenAcrossRetries() throws Exception {
        server.enqueue(code(500));
        for (int i = 0; i < 20; i++) {
            server.enqueue(code(200));
        }
        var d = dispatcher(notifier("type webhook", "url " + server.url("/"), "retry_delay 0.1"));
        List<VrrpState> states = List.of(VrrpState.BACKUP, VrrpState.MASTER, VrrpState.FAULT, VrrpState.BACKUP,
                VrrpState.MASTER);
        VrrpState previous = VrrpState.INIT;
        for (VrrpState s : states) {
            d.publish(event("VI_1", previous, s));
            previous = s;
        }
        await(() -> counter("keepwatch.notifications.sent") == states.size());
        List<String> received = new ArrayList<>();
        for (int i = 0; i < states.size() + 1; i++) {
            String body = server.takeRequest(5, TimeUnit.SECONDS).getBody().utf8();
            String state = body.replaceAll(".*\"new_state\":\"([A-Z]+)\".*", "$1");
            if (received.isEmpty() || i > 1) {
                received.add(state);
            }
        }
        assertThat(received).containsExactly("BACKUP", "MASTER", "FAULT", "BACKUP", "MASTER");
    }

    @Test
    void publishNeverBlocksTheCaller() throws Exception {
        server.enqueue(new MockResponse.Builder().code(200).headersDelay(2, TimeUnit.SECONDS).build());
        var d = dispatcher(notifier("type webhook", "url " + server.url("/")));
        long start = System.nanoTime();
        d.publish(event("VI_1", VrrpState.BACKUP, VrrpState.MASTER));
        d.publish(event("VI_2", VrrpState.BACKUP, VrrpState.MASTER));
        assertThat((System.nanoTime() - start) / 1_000_000).isLessThan(1_000);
    }

    @Test
    void configurationErrorsNameTheLine() {
        assertThatThrownBy(() -> notifier("type webhook"))
                .isInstanceOf(PluginConfigException.class).hasMessage("test.conf:1: missing 'url' in vrrp_notifier ops");
        assertThatThrownBy(() -> notifier("type webhook", "url ftp://x"))
                .hasMessage("test.conf:3: 'url' must be an http:// or https:// URL, got 'ftp://x'");
        assertThatThrownBy(() -> notifier("type webhook", "url http://x/", "retries many"))
                .hasMessage("test.conf:4: 'retries' needs an integer, got 'many'");
        assertThatThrownBy(() -> notifier("type webhook", "url http://x/", "smtp_server x"))
                .hasMessage("test.conf:4: unknown keyword 'smtp_server' in vrrp_notifier block");
    }
}
