package io.keepwatch.differential;

import io.keepwatch.testing.Deadline;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * Every VRRP advert on the topology's bridges, as tshark's dissector reads it, streamed line by line
 * while the run goes on ({@code tshark -l}); each advert is stamped with the moment it was read.
 * Under CI=true tshark must be installed.
 */
final class AdvertCapture implements AutoCloseable {

    private static final String[] FIELDS = {"frame.time_epoch", "frame.interface_name", "ip.src", "ipv6.src", "ip.dst", "ipv6.dst",
            "ip.ttl", "ipv6.hlim", "ip.proto", "vrrp.version", "vrrp.virt_rtr_id", "vrrp.prio", "vrrp.auth_type",
            "vrrp.auth_string", "vrrp.adver_int", "vrrp.short_adver_int", "vrrp.ip_addr", "vrrp.ipv6_addr",
            "vrrp.checksum.status"};

    /** One advert as an observer describes it; the time is when it was on the wire (ms since the epoch). */
    record Advert(long millis, String bridge, String from, String to, int vrid, String text, int priority) {
        /**
         * The sender, destination and virtual router, which a newer advert of the same stream
         * replaces. The destination is part of it: a unicast master sends each advert to every peer
         * in turn, and which copy the observer happened to read last is not behaviour.
         */
        String stream() {
            return bridge + " " + from + " -> " + to + " vrid " + vrid;
        }
    }

    private final Process tshark;
    private final Thread reader;
    private final List<Advert> adverts = new ArrayList<>();
    private final Function<String, String> hostOf;

    private AdvertCapture(Process tshark, Function<String, String> hostOf) {
        this.tshark = tshark;
        this.hostOf = hostOf;
        this.reader = Thread.ofPlatform().daemon().name("advert-capture").start(this::read);
    }

    /** Starts tshark on every bridge of {@code topology}; returns once it captures. */
    static AdvertCapture start(Topology topology, Path dir) throws Exception {
        requireTshark();
        List<String> command = new ArrayList<>(List.of("ip", "netns", "exec", topology.switchNs().name(),
                "tshark", "-l", "-n", "-q"));
        for (String bridge : topology.bridges()) {
            command.addAll(List.of("-i", bridge));
        }
        command.addAll(List.of("-f", "ip proto 112 or ip proto 51 or ip6 proto 112 or ip6 proto 51",
                // not the copies inside ICMP errors (a host without VRRP answers "protocol unreachable")
                "-Y", "vrrp && !icmp && !icmpv6", "-T", "fields", "-E", "separator=/t", "-E", "occurrence=a", "-E", "aggregator=,"));
        for (String f : FIELDS) {
            command.addAll(List.of("-e", f));
        }
        Path errors = dir.resolve("tshark.log");
        Process p = new ProcessBuilder(command).redirectError(errors.toFile()).start();
        AdvertCapture capture = new AdvertCapture(p, topology::hostOf);
        Deadline deadline = Deadline.after(Duration.ofSeconds(20));
        while (!Files.readString(errors).contains("Capturing on")) {
            if (deadline.passed() || !p.isAlive()) {
                capture.close();
                throw new AssertionError("tshark did not start capturing:\n" + Files.readString(errors));
            }
            deadline.pause();
        }
        return capture;
    }

    private static void requireTshark() {
        if (!Files.isExecutable(Path.of("/usr/bin/tshark"))) {
            throw new AssertionError("the differential tests need tshark (bin/install-test-deps installs it)");
        }
    }

    private void read() {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(tshark.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                String[] f = line.split("\t", -1);
                long millis = Math.round(Double.parseDouble(f[0]) * 1000);
                Advert a = parse(Arrays.copyOfRange(f, 1, f.length), millis);
                synchronized (adverts) {
                    adverts.add(a);
                }
            }
        } catch (IOException e) {
            // the capture was closed
        }
    }

    private Advert parse(String[] f, long millis) {
        String bridge = f[0];
        boolean v6 = f[1].isEmpty();
        String src = v6 ? f[2] : f[1];
        String dst = v6 ? f[4] : f[3];
        String ttl = v6 ? f[6] : f[5];
        int version = Integer.parseInt(f[8]);
        int vrid = Integer.parseInt(f[9]);
        int priority = Integer.parseInt(f[10]);
        StringBuilder text = new StringBuilder()
                .append(Topology.interfaceOf(bridge)).append(' ').append(hostOf.apply(src))
                .append(" -> ").append(destination(dst))
                .append(" vrid ").append(vrid).append(" v").append(version)
                .append(" prio ").append(priority);
        if (version == 2) {
            text.append(" adver_int ").append(f[13]).append("s auth ").append(authType(f[11]));
            if (!f[12].isEmpty()) {
                text.append(" '").append(f[12]).append('\'');
            }
        } else {
            text.append(" adver_int ").append(f[14]).append("cs");
        }
        if ("51".equals(f[7])) {
            text.append(" in IPsec AH");
        }
        text.append(" addrs [").append(v6 ? f[16] : f[15]).append("] ttl ").append(ttl)
                .append(" checksum ").append(checksum(f[17]));
        return new Advert(millis, bridge, hostOf.apply(src), destination(dst), vrid, text.toString(), priority);
    }

    private String destination(String dst) {
        return dst.equals("224.0.0.18") || dst.equals("ff02::12") ? dst : hostOf.apply(dst);
    }

    private static String authType(String code) {
        return switch (code) {
            case "0" -> "none";
            case "1" -> "PASS";
            case "2" -> "AH";
            default -> code;
        };
    }

    private static String checksum(String status) {
        return switch (status) {
            case "1" -> "good";
            case "0" -> "BAD";
            default -> "unverified";
        };
    }

    /**
     * Waits until tshark has handed over an advert sent at {@code millis} or later (it lags behind
     * the wire when the machine is busy), or {@code timeout} passes (nothing is sending).
     */
    void awaitCaughtUp(long millis, Duration timeout) throws InterruptedException {
        Deadline deadline = Deadline.after(timeout);
        while (newest() < millis && !deadline.passed()) {
            deadline.pause();
        }
    }

    /** When the newest advert read so far was on the wire (ms since the epoch), or 0. */
    long newest() {
        synchronized (adverts) {
            return adverts.isEmpty() ? 0 : adverts.getLast().millis();
        }
    }

    /** Every advert read so far, in order. */
    List<Advert> adverts() {
        synchronized (adverts) {
            return List.copyOf(adverts);
        }
    }

    @Override
    public void close() throws InterruptedException {
        List<ProcessHandle> children = tshark.descendants().toList();
        tshark.destroy();
        if (!tshark.waitFor(5, TimeUnit.SECONDS)) {
            tshark.destroyForcibly();
            tshark.waitFor(5, TimeUnit.SECONDS);
        }
        children.forEach(ProcessHandle::destroyForcibly);
        reader.join(Duration.ofSeconds(5));
    }
}
