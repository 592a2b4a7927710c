package io.keepwatch.plugins.e2e;

import io.keepwatch.testing.NetNs;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;

/** A webhook endpoint (MockWebServer) on 127.0.0.1 inside a namespace; it accepts every delivery. */
final class WebhookReceiver implements AutoCloseable {

    private final MockWebServer server;

    private WebhookReceiver(MockWebServer server) {
        this.server = server;
    }

    /** Starts it on 127.0.0.1:{@code port} of {@code ns}. */
    static WebhookReceiver start(NetNs.Namespace ns, int port) throws Exception {
        return ns.call(() -> {
            MockWebServer server = new MockWebServer();
            server.setDispatcher(new Dispatcher() {
                @Override
                public MockResponse dispatch(RecordedRequest request) {
                    return new MockResponse.Builder().code(204).build();
                }
            });
            server.start(InetAddress.getLoopbackAddress(), port);
            return new WebhookReceiver(server);
        });
    }

    /** Takes the next {@code count} deliveries, in arrival order; fails if one does not come in time. */
    List<RecordedRequest> take(int count, long timeoutSeconds) throws InterruptedException {
        List<RecordedRequest> out = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            RecordedRequest r = server.takeRequest(timeoutSeconds, TimeUnit.SECONDS);
            if (r == null) {
                throw new AssertionError("webhook delivery " + (i + 1) + " of " + count + " did not arrive within "
                        + timeoutSeconds + " s; got " + out.size());
            }
            out.add(r);
        }
        return out;
    }

    /** How many deliveries arrived in all. */
    int count() {
        return server.getRequestCount();
    }

    @Override
    public void close() throws Exception {
        server.close();
    }
}
