package io.keepwatch.it;

import io.keepwatch.testing.Deadline;
import io.keepwatch.testing.NamespacedProcess;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.opentest4j.TestAbortedException;

/**
 * tshark capturing on one interface of a namespace into a pcap file, until stopped or for a fixed
 * time, then reading the file back with its dissectors. Without tshark the calling test is skipped, except under
 * CI=true where that is a failure.
 */
final class Tshark extends NamespacedProcess {

    private final Path pcap;

    private Tshark(String namespace, List<String> command, Path log, Path pcap) throws IOException {
        super("tshark@" + namespace, namespace, command, log);
        this.pcap = pcap;
    }

    /** Skips (or, with CI=true, fails) the test when tshark is not installed. */
    static void require() {
        if (Files.isExecutable(Path.of("/usr/bin/tshark"))) {
            return;
        }
        if ("true".equals(System.getenv("CI"))) {
            throw new AssertionError("tshark is not installed, and CI=true forbids skipping the dissector checks");
        }
        throw new TestAbortedException("tshark is not installed");
    }

    /** Starts capturing on {@code ifName} of {@code ns} for {@code duration}; returns once packets are being captured. */
    static Tshark capture(Lan lan, String ns, String ifName, String name, Duration duration) throws Exception {
        require();
        Path pcap = lan.dir().resolve(name + ".pcapng");
        Files.deleteIfExists(pcap);
        List<String> command = List.of("tshark", "-n", "-i", ifName, "-w", pcap.toString(),
                "-a", "duration:" + Math.max(1, duration.toSeconds()));
        Tshark t = new Tshark(ns, command, lan.dir().resolve(name + ".tshark.log"), pcap);
        lan.track(t);
        t.awaitLog("Capturing on", Duration.ofSeconds(20));
        return t;
    }

    /**
     * Starts capturing on {@code ifName} of {@code ns} until {@link #stop}; returns once packets are
     * being captured. A capture for a fixed time races whatever the test waits for (a daemon's start
     * takes longer on a loaded host), so a test that knows its last packet waits for it with
     * {@link #awaitCaptured} and then stops. An hour's limit ends a capture nobody stopped.
     */
    static Tshark capture(Lan lan, String ns, String ifName, String name) throws Exception {
        return capture(lan, ns, ifName, name, Duration.ofHours(1));
    }

    /**
     * Waits until the capture file holds a packet matching the display {@code filter}. The file is
     * read while tshark writes it, so a read that ends in a half-written packet still counts what it
     * printed.
     */
    void awaitCaptured(String filter, Duration timeout) throws Exception {
        Deadline deadline = Deadline.after(timeout);
        while (!holds(filter)) {
            if (deadline.passed()) {
                throw new AssertionError("no packet matching '" + filter + "' captured within " + timeout + "; tshark:\n" + log());
            }
            deadline.pause();
        }
    }

    /**
     * Waits until the capture file holds at least {@code atLeast} packets matching the display
     * {@code filter} (read as {@link #awaitCaptured} reads it).
     */
    void awaitCaptured(String filter, int atLeast, Duration timeout) throws Exception {
        Deadline deadline = Deadline.after(timeout);
        while (matching(filter) < atLeast) {
            if (deadline.passed()) {
                throw new AssertionError("fewer than " + atLeast + " packets matching '" + filter + "' captured within "
                        + timeout + " (" + matching(filter) + "); tshark:\n" + log());
            }
            deadline.pause();
        }
    }

    private boolean holds(String filter) throws IOException, InterruptedException {
        return matching(filter) > 0;
    }

    /** How many packets in the file so far match {@code filter} (one line each). */
    private int matching(String filter) throws IOException, InterruptedException {
        if (!Files.exists(pcap)) {
            return 0;
        }
        Process p = new ProcessBuilder("tshark", "-n", "-r", pcap.toString(), "-Y", filter)
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        p.getOutputStream().close();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("tshark -r " + pcap + " did not finish");
        }
        return (int) new String(out, java.nio.charset.StandardCharsets.UTF_8).lines().count();
    }

    /** Ends the capture (SIGINT: tshark writes what it has and exits 0); returns the file. */
    Path stop(Duration timeout) throws Exception {
        signal("INT");
        return finish(timeout);
    }

    /** Waits for the capture to end by itself. */
    Path finish(Duration timeout) throws InterruptedException {
        int exit = awaitExit(timeout);
        if (exit != 0) {
            throw new AssertionError("tshark exited with " + exit + ":\n" + log());
        }
        return pcap;
    }

    /** {@code tshark -r PCAP ARGS...}: the output, or a failure with it. */
    static String read(Path pcap, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("tshark", "-n", "-r", pcap.toString(), "-o", "ip.check_checksum:TRUE"));
        command.addAll(List.of(args));
        // tshark warns on standard error when run as root; keep that apart from the dissection.
        Path errors = Files.createTempFile(pcap.getParent(), "tshark-", ".err");
        Process p = new ProcessBuilder(command).redirectError(errors.toFile()).start();
        p.getOutputStream().close();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            p.destroyForcibly();
            throw new AssertionError("failed: " + command + "\n" + new String(out, StandardCharsets.UTF_8)
                    + Files.readString(errors));
        }
        return new String(out, StandardCharsets.UTF_8);
    }

    /** One line per packet matching {@code filter}, with tab-separated {@code fields}. */
    static List<List<String>> fields(Path pcap, String filter, String... fields) throws IOException, InterruptedException {
        List<String> args = new ArrayList<>(List.of("-Y", filter, "-T", "fields", "-E", "separator=/t",
                "-E", "occurrence=a", "-E", "aggregator=,"));
        for (String f : fields) {
            args.add("-e");
            args.add(f);
        }
        return read(pcap, args.toArray(String[]::new)).lines()
                .filter(l -> !l.isBlank())
                .map(l -> List.of(l.split("\t", -1)))
                .toList();
    }
}
