package io.keepwatch.control;

import static org.assertj.core.api.Assertions.assertThat;

import io.keepwatch.metrics.StatusStore;
import io.keepwatch.vrrp.VrrpState;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class StatusServerTest {

    private final AtomicBoolean healthy = new AtomicBoolean(true);
    private final HttpClient client = HttpClient.newHttpClient();
    private StatusServer server;

    @BeforeEach
    void start() throws Exception {
        StatusStore statistics = new StatusStore();
        statistics.published(Snapshots.instance("VI_1", VrrpState.BACKUP, 100));
        server = StatusServer.start(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
                new StatusServer.Sources(() -> "keepwatch_test 1.0\n", () -> DaemonStatus.of(statistics, Snapshots.T0),
                        healthy::get, () -> "lb1"));
    }

    @AfterEach
    void stop() {
        server.close();
        client.close();
    }

    private HttpResponse<String> request(String method, String path) throws Exception {
        URI uri = URI.create("http://127.0.0.1:" + server.address().getPort() + path);
        return client.send(HttpRequest.newBuilder(uri).method(method, HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void servesMetricsStatusPageAndHealth() throws Exception {
        HttpResponse<String> metrics = request("GET", "/metrics");
        assertThat(metrics.statusCode()).isEqualTo(200);
        assertThat(metrics.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/plain"));
        assertThat(metrics.body()).isEqualTo("keepwatch_test 1.0\n");

        HttpResponse<String> status = request("GET", "/status");
        assertThat(status.statusCode()).isEqualTo(200);
        assertThat(StatusJson.read(status.body()).instances().getFirst().state()).isEqualTo("BACKUP");

        HttpResponse<String> page = request("GET", "/");
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("VI_1").contains("BACKUP");

        assertThat(request("GET", "/healthz").statusCode()).isEqualTo(200);
        healthy.set(false);
        assertThat(request("GET", "/healthz").statusCode()).isEqualTo(503);
        assertThat(request("GET", "/nope").statusCode()).isEqualTo(404);
    }

    @Test
    void nothingButReading() throws Exception {
        for (String method : new String[] {"POST", "PUT", "DELETE"}) {
            HttpResponse<String> response = request(method, "/status");
            assertThat(response.statusCode()).as(method).isEqualTo(405);
            assertThat(response.headers().firstValue("Allow")).hasValue("GET, HEAD");
        }
    }
}
