package io.keepwatch.plugins;

import static org.assertj.core.api.Assertions.assertThat;

import io.keepwatch.plugin.api.GlobalSettings;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A host made from plugin roots reads nothing until started, and says when a configuration without plugin blocks still needs it. */
class LazyPluginHostTest {

    @TempDir
    Path dir;

    private PluginHost host(AtomicInteger registryAsked) throws IOException {
        Path bundled = Files.createDirectories(dir.resolve("bundled"));
        Files.writeString(bundled.resolve("some-plugin.jar"), "not read before start");
        Path admin = Files.createDirectories(dir.resolve("admin"));
        return new PluginHost(new PluginRoots(Optional.of(bundled), List.of(admin), true), () -> {
            registryAsked.incrementAndGet();
            return (MeterRegistry) null;
        });
    }

    private static GlobalSettings mail(Optional<String> server, List<String> to) {
        return new GlobalSettings("r1", to, Optional.empty(), server, GlobalSettings.DEFAULT_SMTP_PORT,
                GlobalSettings.DEFAULT_SMTP_CONNECT_TIMEOUT, Optional.empty(), true, Map.of(), Map.of());
    }

    @Test
    void aHostNeverStartedListsNothingAndClosesWithoutLoadingAnything() throws IOException {
        AtomicInteger asked = new AtomicInteger();
        try (PluginHost host = host(asked)) {
            assertThat(host.isStarted()).isFalse();
            assertThat(host.plugins()).isEmpty();
            assertThat(host.problems()).isEmpty();
        }
        assertThat(asked).as("times the meter registry was asked for").hasValue(0);
    }

    @Test
    void withoutBlocksOnlyMailSettingsOrAnAdministratorsPluginNeedTheHost() throws IOException {
        try (PluginHost host = host(new AtomicInteger())) {
            assertThat(host.neededWithoutBlocks(GlobalSettings.of("r1"))).as("bundled plugins only, no mail").isFalse();
            assertThat(host.neededWithoutBlocks(mail(Optional.of("192.0.2.25"), List.of()))).isTrue();
            assertThat(host.neededWithoutBlocks(mail(Optional.empty(), List.of("ops@example.com")))).isTrue();

            Files.writeString(dir.resolve("admin/third-party.jar"), "");
            assertThat(host.neededWithoutBlocks(GlobalSettings.of("r1"))).as("a jar in the administrator's directory")
                    .isTrue();
        }
    }
}
