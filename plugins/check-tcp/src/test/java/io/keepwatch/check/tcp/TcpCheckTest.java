package io.keepwatch.check.tcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.keepwatch.plugin.api.CheckResult;
import io.keepwatch.plugin.api.HealthCheck;
import io.keepwatch.plugin.api.HealthCheckSettings;
import io.keepwatch.plugin.api.PluginConfigException;
import io.keepwatch.plugins.CheckScheduler;
import io.keepwatch.plugins.Ticker;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class TcpCheckTest {

    private final TcpCheckFactory factory = new TcpCheckFactory();
    private ServerSocket server;
    private Thread acceptor;

    @AfterEach
    void stop() throws IOException {
        if (server != null) {
            server.close();
        }
        if (acceptor != null) {
            acceptor.interrupt();
        }
    }

    private int serve(Consumer<Socket> handler) throws IOException {
        server = new ServerSocket();
        server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        ServerSocket s = server;
        acceptor = Thread.ofVirtual().start(() -> {
            while (!s.isClosed()) {
                try {
                    Socket c = s.accept();
                    Thread.ofVirtual().start(() -> {
                        try (c) {
                            handler.accept(c);
                        } catch (IOException ignored) {
                            // the peer went away
                        }
                    });
                } catch (IOException e) {
                    return;
                }
            }
        });
        return server.getLocalPort();
    }

    private HealthCheck check(String... lines) {
        return factory.create(Conf.context(Conf.block("svc", lines)));
    }

    private static void hold(Socket c) {
        try {
            c.getInputStream().read();
        } catch (IOException ignored) {
            // closed
        }
    }

    @Test
    void upWhenThePortAccepts() throws Exception {
        int port = serve(TcpCheckTest::hold);
        CheckResult r = check("type tcp", "connect_ip 127.0.0.1", "connect_port " + port).check(Duration.ofSeconds(2));
        assertThat(r).isEqualTo(CheckResult.up("connected to 127.0.0.1:" + port));
    }

    @Test
    void downWhenConnectionIsRefused() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        CheckResult r = check("type tcp", "connect_ip 127.0.0.1", "connect_port " + port).check(Duration.ofSeconds(2));
        assertThat(r.up()).isFalse();
        assertThat(r.message()).startsWith("connect to 127.0.0.1:" + port + " refused");
    }

    @Test
    void sendAndExpectMatchTheReply() throws Exception {
        int port = serve(c -> {
            try {
                byte[] req = new byte[6];
                int n = c.getInputStream().readNBytes(req, 0, 6);
                if (n == 6 && new String(req, StandardCharsets.US_ASCII).equals("PING\r\n")) {
                    c.getOutputStream().write("+PO".getBytes(StandardCharsets.US_ASCII));
                    c.getOutputStream().flush();
                    Thread.sleep(50);
                    c.getOutputStream().write("NG\r\n".getBytes(StandardCharsets.US_ASCII));
                } else {
                    c.getOutputStream().write("-ERR\r\n".getBytes(StandardCharsets.US_ASCII));
                }
                c.getOutputStream().flush();
                hold(c);
            } catch (IOException | InterruptedException e) {
                // done
            }
        });
        CheckResult ok = check("type tcp", "connect_ip 127.0.0.1", "connect_port " + port, "send PING\\r\\n",
                "expect +PONG").check(Duration.ofSeconds(2));
        assertThat(ok.up()).as(ok.message()).isTrue();
        CheckResult bad = check("type tcp", "connect_ip 127.0.0.1", "connect_port " + port, "send HELLO\\r\\n",
                "expect +PONG").check(Duration.ofSeconds(1));
        assertThat(bad.up()).isFalse();
    }

    @Test
    void slowServerThatNeverRepliesIsDownWithinTheTimeout() throws Exception {
        int port = serve(TcpCheckTest::hold);
        long start = System.nanoTime();
        CheckResult r = check("type tcp", "connect_ip 127.0.0.1", "connect_port " + port, "expect OK")
                .check(Duration.ofMillis(300));
        long tookMs = (System.nanoTime() - start) / 1_000_000;
        assertThat(r.up()).isFalse();
        assertThat(r.message()).contains("expected reply not received in time");
        assertThat(tookMs).isBetween(250L, 3_000L);
    }

    @Test
    void connectionClosedBeforeTheReplyIsDown() throws Exception {
        int port = serve(c -> { });
        CheckResult r = check("type tcp", "connect_ip 127.0.0.1", "connect_port " + port, "expect OK")
                .check(Duration.ofSeconds(2));
        assertThat(r.up()).isFalse();
        assertThat(r.message()).contains("connection closed before the expected reply");
    }

    @Test
    void flappingServiceFollowsRiseAndFall() throws Exception {
        int port = serve(TcpCheckTest::hold);
        var block = Conf.block("svc", "type tcp", "connect_ip 127.0.0.1", "connect_port " + port,
                "interval 0.1", "timeout 5", "rise 2", "fall 2");
        LinkedBlockingQueue<Boolean> changes = new LinkedBlockingQueue<>();
        try (var scheduler = new CheckScheduler(Ticker.system(), (n, up, m) -> changes.add(up), new SimpleMeterRegistry())) {
            scheduler.add("svc", factory.create(Conf.context(block)), HealthCheckSettings.of(block));
            scheduler.start();
            assertThat(changes.poll(10, TimeUnit.SECONDS)).isTrue();
            server.close();
            assertThat(changes.poll(10, TimeUnit.SECONDS)).isFalse();
            server = new ServerSocket();
            server.setReuseAddress(true);
            server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
            assertThat(changes.poll(10, TimeUnit.SECONDS)).isTrue();
        }
    }

    @Test
    void configurationErrorsNameTheLine() {
        assertThatThrownBy(() -> check("type tcp", "connect_ip 127.0.0.1", "connect_port 70000"))
                .isInstanceOf(PluginConfigException.class)
                .hasMessage("test.conf:4: 'connect_port' must be between 1 and 65535, got 70000");
        assertThatThrownBy(() -> check("type tcp", "connect_port 80"))
                .hasMessage("test.conf:1: missing 'connect_ip' in vrrp_check block");
        assertThatThrownBy(() -> check("type tcp", "connect_ip 127.0.0.1", "connect_port 80", "send bad\\q"))
                .hasMessage("test.conf:5: 'send': unknown escape \\q");
    }

    @Test
    void escapesDecode() {
        assertThat(Escapes.decode("a\\r\\n\\x41\\\\")).containsExactly('a', '\r', '\n', 'A', '\\');
    }
}
