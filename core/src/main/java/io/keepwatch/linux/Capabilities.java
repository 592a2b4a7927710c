package io.keepwatch.linux;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Whether this process holds the capabilities the data plane needs: CAP_NET_RAW (bit 13) for raw
 * and packet sockets, CAP_NET_ADMIN (bit 12) for adding addresses and SO_BINDTODEVICE. Read from
 * the effective set, {@code CapEff} in {@code /proc/self/status}.
 */
public record Capabilities(boolean netAdmin, boolean netRaw) {
    static final int CAP_NET_ADMIN = 12;
    static final int CAP_NET_RAW = 13;

    /** The current process's effective capabilities. */
    public static Capabilities current() {
        try {
            return parse(Files.readString(Path.of("/proc/self/status")));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read /proc/self/status", e);
        }
    }

    /** Parses the text of a {@code /proc/<pid>/status} file. */
    public static Capabilities parse(String status) {
        for (String line : status.split("\n")) {
            if (line.startsWith("CapEff:")) {
                long bits = Long.parseUnsignedLong(line.substring(7).trim(), 16);
                return new Capabilities((bits & (1L << CAP_NET_ADMIN)) != 0, (bits & (1L << CAP_NET_RAW)) != 0);
            }
        }
        throw new IllegalArgumentException("no CapEff line in process status");
    }

    /** True when both are held. */
    public boolean sufficient() {
        return netAdmin && netRaw;
    }

    /** A one-line error naming what is missing, or null when nothing is. */
    public String missingMessage() {
        if (sufficient()) {
            return null;
        }
        String missing = !netAdmin && !netRaw ? "CAP_NET_ADMIN and CAP_NET_RAW"
                : !netAdmin ? "CAP_NET_ADMIN" : "CAP_NET_RAW";
        return "keepwatch needs " + missing + " (run as root, or grant them, e.g. AmbientCapabilities= in the systemd unit)";
    }
}
