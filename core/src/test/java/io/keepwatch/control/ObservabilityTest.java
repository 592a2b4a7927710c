package io.keepwatch.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;
import java.util.Set;
import io.keepwatch.config.model.KeepalivedExporter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ObservabilityTest {

    private static final ControlServer.Handler NOTHING = new ControlServer.Handler() {
        public DaemonStatus status() {
            return new DaemonStatus("now", java.util.List.of());
        }

        public java.util.Optional<String> reload() {
            return java.util.Optional.empty();
        }

        public void stop() {}
    };

    @Test
    void aTakenMetricsPortDoesNotStopTheDaemonButATakenControlSocketDoes(@TempDir Path dir) throws IOException {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Observability.Settings settings = new Observability.Settings(
                    Optional.of(new InetSocketAddress(InetAddress.getLoopbackAddress(), taken.getLocalPort())), Set.of(KeepalivedExporter.MEHDY),
                    Optional.of(dir.resolve("c.sock")), dir.resolve("d"), dir.resolve("s"));
            try (Observability first = new Observability(settings, Clock.systemUTC())) {
                first.start(settings, NOTHING, () -> true);
                assertThat(first.httpAddress()).isEmpty();
                assertThat(dir.resolve("c.sock")).exists();
                assertThat(first.metrics().scrape()).contains("keepalived_up 1.0");

                Observability second = new Observability(settings, Clock.systemUTC());
                assertThatThrownBy(() -> second.start(settings, NOTHING, () -> true))
                        .hasMessageContaining("another keepwatch already listens");
                second.close();
            }
        }
    }
}
