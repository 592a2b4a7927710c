package io.keepwatch.control;

import static org.assertj.core.api.Assertions.assertThat;

import io.keepwatch.metrics.StatusStore;
import io.keepwatch.vrrp.VrrpState;
import java.io.File;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import io.keepwatch.runtime.AddressConflict;
import io.keepwatch.runtime.InstanceStatus;
import io.keepwatch.runtime.Transition;
import java.time.Instant;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The status page as a browser shows it: headless Chromium (Debian's {@code chromium}) loads it from
 * the status server on 127.0.0.1 with fixed snapshots. Without Chromium the test is skipped, except
 * under CI=true, where that is a failure. {@code -Dkeepwatch.statusPageScreenshot=PATH} also copies
 * the screenshot there (docs/status-page.png is made this way).
 */
class StatusPageBrowserTest {

    @TempDir
    Path dir;

    private static final Instant NOW = Snapshots.T0.plusSeconds(60);

    private StatusServer server;

    @BeforeEach
    void start() throws IOException {
        StatusStore statistics = new StatusStore();
        // VI_1 has been MASTER for 40 minutes after 20 as BACKUP, and another station claims its address
        statistics.transition(new Transition("VI_1", Optional.empty(), VrrpState.INIT, VrrpState.BACKUP, 150,
                "started", NOW.minusSeconds(3600), List.of()));
        statistics.transition(new Transition("VI_1", Optional.empty(), VrrpState.BACKUP, VrrpState.MASTER, 150,
                "master down timer expired", NOW.minusSeconds(2400), List.of()));
        statistics.published(Snapshots.heard(Snapshots.instance("VI_1", VrrpState.MASTER, 150), List.of()));
        statistics.conflictNoticed(new AddressConflict("VI_1", "eth0", 51, InetAddress.ofLiteral("10.0.0.100"),
                "52:54:00:ab:cd:ef", Optional.of(InetAddress.ofLiteral("10.0.0.9")), NOW.minusSeconds(12)));
        // VI_2 has been BACKUP all hour but for two minutes in FAULT, and hears its master 10.0.0.2
        statistics.transition(new Transition("VI_2", Optional.empty(), VrrpState.INIT, VrrpState.BACKUP, 100,
                "started", NOW.minusSeconds(5000), List.of()));
        statistics.transition(new Transition("VI_2", Optional.empty(), VrrpState.BACKUP, VrrpState.FAULT, 0,
                "eth1 down", NOW.minusSeconds(1500), List.of()));
        statistics.transition(new Transition("VI_2", Optional.empty(), VrrpState.FAULT, VrrpState.BACKUP, 100,
                "eth1 up", NOW.minusSeconds(1380), List.of()));
        statistics.published(Snapshots.heard(Snapshots.instance("VI_2", VrrpState.BACKUP, 100, 52, "10.0.0.101"),
                List.of(new InstanceStatus.Peer(InetAddress.ofLiteral("10.0.0.2"), 150, NOW.minusSeconds(1)))));
        for (int i = 0; i < 42; i++) {
            statistics.advertSent("VI_1", 150);
        }
        statistics.advertReceived("VI_2", 150, false);
        server = StatusServer.start(new InetSocketAddress(InetAddress.ofLiteral("127.0.0.1"), 0),
                new StatusServer.Sources(() -> "", () -> DaemonStatus.of(statistics, NOW),
                        () -> true, () -> "lb1.example"));
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private static Optional<String> chromium() {
        for (String candidate : List.of("/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome")) {
            if (Files.isExecutable(Path.of(candidate))) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    private String run(List<String> extra) throws Exception {
        String browser = chromium().orElseThrow();
        Path profile = Files.createTempDirectory(dir, "profile-");
        List<String> command = new ArrayList<>(List.of(browser, "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--disable-dev-shm-usage", "--user-data-dir=" + profile));
        command.addAll(extra);
        command.add("http://127.0.0.1:" + server.address().getPort() + "/");
        Path out = dir.resolve("chromium-" + System.nanoTime() + ".out");
        Process process = new ProcessBuilder(command).redirectErrorStream(false)
                .redirectOutput(out.toFile()).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        try {
            if (!process.waitFor(90, TimeUnit.SECONDS)) {
                throw new AssertionError("chromium did not finish within 90 s");
            }
        } finally {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
        }
        return Files.readString(out, StandardCharsets.UTF_8);
    }

    @Test
    void chromiumShowsTheInstancesAndTheirStates() throws Exception {
        if (chromium().isEmpty()) {
            if ("true".equals(System.getenv("CI"))) {
                throw new AssertionError("chromium is not installed (apt-get install -y chromium); CI=true needs it");
            }
            Assumptions.abort("chromium is not installed");
        }
        String dom = run(List.of("--dump-dom"));
        assertThat(dom).contains("keepwatch on lb1.example")
                .contains("<span class=\"state MASTER\">MASTER</span>")
                .contains("<span class=\"state BACKUP\">BACKUP</span>")
                .contains("VI_1").contains("VI_2").contains("10.0.0.100/24").contains("chk_nginx");
        // the conflict, in red, with who else claims the address
        assertThat(dom).containsPattern("<p class=\"conflict\">Address conflict: 10\\.0\\.0\\.100 is also claimed by "
                + "52:54:00:ab:cd:ef \\(host 10\\.0\\.0\\.9\\), since <time [^>]*>12 s ago</time></p>");
        // relative times, the exact one on hover
        assertThat(dom).contains("<time datetime=\"2026-11-25T10:00:01Z\" title=\"2026-11-25T10:00:01Z\">59 s ago</time>")
                .contains("master heard</th><td>10.0.0.2, priority 150, last advert <time datetime=\"2026-11-25T10:00:59Z\"");
        // VI_1's timeline: BACKUP the first third of the hour, MASTER since
        Matcher bands = Pattern.compile("<rect class=\"band (\\w+)\" data-state=\"\\w+\" x=\"([\\d.]+)\" y=\"0\" "
                + "width=\"([\\d.]+)\"").matcher(dom.substring(dom.indexOf("id=\"VI_1\""), dom.indexOf("id=\"VI_2\"")));
        List<String> seen = new ArrayList<>();
        while (bands.find()) {
            seen.add(bands.group(1) + " " + bands.group(2) + " " + bands.group(3));
        }
        assertThat(seen).containsExactly("BACKUP 0.0 200.0", "MASTER 200.0 400.0");
        assertThat(dom.substring(dom.indexOf("id=\"VI_2\""))).contains("class=\"band FAULT\" data-state=\"FAULT\" x=\"350.0\" y=\"0\" width=\"20.0\"");

        Path png = dir.resolve("status-page.png");
        run(List.of("--hide-scrollbars", "--window-size=1000,1150", "--screenshot=" + png));
        byte[] bytes = Files.readAllBytes(png);
        assertThat(bytes).as("a PNG").startsWith(0x89, 'P', 'N', 'G');
        assertThat(bytes.length).as("not a blank page").isGreaterThan(10_000);
        String keep = System.getProperty("keepwatch.statusPageScreenshot");
        if (keep != null && !keep.isBlank()) {
            Files.copy(png, new File(keep).toPath(), StandardCopyOption.REPLACE_EXISTING);
        }
    }
}
