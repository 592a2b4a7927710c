package io.keepwatch.it;

import static io.keepwatch.it.SplitBrainDetectionTest.VIP;
import static io.keepwatch.it.SplitBrainDetectionTest.VIP_ADDRESS;
import static org.assertj.core.api.Assertions.assertThat;

import io.keepwatch.linux.PacketSocket;
import io.keepwatch.testing.Deadline;
import io.keepwatch.testing.KeepwatchProcess;
import io.keepwatch.testing.NetNs;
import io.keepwatch.testing.PrometheusText;
import io.keepwatch.testing.RequiresNetns;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * A conflict the daemon detects reaches everything that reports it: the {@code notify_conflict}
 * script (noticed, again with the other host, ended), the metrics and the status JSON, while a
 * third station announces the master's VIP with its own MAC and after it stops.
 */
@RequiresNetns
class ConflictReportingTest {

    private static final Duration SETTLE = Duration.ofSeconds(20);

    @Test
    void aConflictRunsNotifyConflictAndShowsInTheMetricsAndTheStatusUntilItEnds() throws Exception {
        try (Lan lan = Lan.create("itcfr", 2)) {
            Lan.Host master = lan.host(1);
            Lan.Host intruder = lan.host(2);
            Path record = lan.dir().resolve("conflicts.txt");
            Path script = lan.write("conflict.sh", "#!/bin/sh\necho \"$*\" >> '" + record + "'\n");
            Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwx------"));
            KeepwatchProcess kw = lan.keepwatch(master, VrrpConf.v3("VI_1", 65, 200).vip(VIP + "/24")
                    .line("notify_conflict " + script).file("m"));
            lan.awaitOnlyHolder(master, VIP_ADDRESS, Lan.START_UP);
            Map<String, String> series = Map.of("instance", "VI_1", "interface", "eth0", "vrid", "65", "address", VIP);
            // before: the series is there, at 0, and the status has no conflict
            Deadline.await("the conflict gauge at 0", SETTLE, () -> gauge(master.ns(), series) == 0.0);
            assertThat(get(master.ns(), "/status")).contains("\"conflicts\" : [ ]");

            String mac = intruder.ns().macAddress("eth0");
            AtomicBoolean announcing = new AtomicBoolean(true);
            PacketSocket socket = intruder.ns().call(() -> PacketSocket.openForSending("eth0"));
            Thread injector = Thread.ofPlatform().daemon()
                    .start(() -> AddressClaimTest.announce(socket, mac, intruder.ip(), announcing));
            try {
                String known = "INSTANCE VI_1 noticed " + VIP + " " + mac + " " + intruder.ip();
                Deadline.await("notify_conflict run with the other host", SETTLE, () -> lines(record).contains(known));
                assertThat(lines(record).getFirst()).as("noticed first, the other host known then or later")
                        .startsWith("INSTANCE VI_1 noticed " + VIP + " " + mac);
                Deadline.await("the conflict gauge at 1", SETTLE, () -> gauge(master.ns(), series) == 1.0);
                assertThat(PrometheusText.parse(get(master.ns(), "/metrics"))
                        .value("keepwatch_vrrp_address_conflicts_total", series)).isEqualTo(1.0);
                Deadline.await("the conflict in /status", SETTLE, () -> {
                    String status = status(master.ns());
                    return status.contains("\"foreignMac\" : \"" + mac + "\"")
                            && status.contains("\"otherHost\" : \"" + intruder.ip() + "\"");
                });
            } finally {
                announcing.set(false);
                injector.join(SETTLE.toMillis());
                socket.close();
            }
            String ended = "INSTANCE VI_1 ended " + VIP + " " + mac + " " + intruder.ip();
            Deadline.await("notify_conflict run for the end", SETTLE, () -> lines(record).contains(ended));
            Deadline.await("the conflict gauge back at 0", SETTLE, () -> gauge(master.ns(), series) == 0.0);
            assertThat(get(master.ns(), "/status")).contains("\"conflicts\" : [ ]");
            assertThat(kw.log()).doesNotContain("notify script");
        }
    }

    private static List<String> lines(Path file) {
        try {
            return Files.exists(file) ? Files.readAllLines(file) : List.of();
        } catch (java.io.IOException e) {
            return List.of();
        }
    }

    private static double gauge(NetNs.Namespace ns, Map<String, String> series) {
        try {
            return PrometheusText.parse(get(ns, "/metrics")).value("keepwatch_vrrp_address_conflict", series);
        } catch (Exception | AssertionError notYet) {
            return Double.NaN;
        }
    }

    private static String status(NetNs.Namespace ns) {
        try {
            return get(ns, "/status");
        } catch (Exception notYet) {
            return "";
        }
    }

    /** GET over HTTP/1.0 from inside the namespace, to the default listener 127.0.0.1:9650. */
    static String get(NetNs.Namespace ns, String path) throws Exception {
        return ns.call(() -> {
            try (Socket socket = new Socket(InetAddress.ofLiteral("127.0.0.1"), 9650)) {
                socket.setSoTimeout(5_000);
                OutputStream out = socket.getOutputStream();
                out.write(("GET " + path + " HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                out.flush();
                InputStream in = socket.getInputStream();
                String response = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                return response.substring(response.indexOf("\r\n\r\n") + 4);
            }
        });
    }
}
