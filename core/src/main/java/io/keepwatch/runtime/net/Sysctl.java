package io.keepwatch.runtime.net;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalInt;

/**
 * Reads and writes single-digit values under /proc/sys/net, as keepalived does for the settings
 * rtnetlink does not carry (net.ipv4.conf.all/default, net.ipv6.conf.IF.disable_ipv6). The files
 * are those of the calling thread's network namespace.
 */
final class Sysctl {

    private Sysctl() {}

    static Path ipv4(String device, String name) {
        return Path.of("/proc/sys/net/ipv4/conf", device, name);
    }

    static Path ipv6(String device, String name) {
        return Path.of("/proc/sys/net/ipv6/conf", device, name);
    }

    /** The value, or empty when the file cannot be read or holds no number. */
    static OptionalInt read(Path path) {
        try {
            return OptionalInt.of(Integer.parseInt(Files.readString(path).trim()));
        } catch (IOException | NumberFormatException e) {
            return OptionalInt.empty();
        }
    }

    static void write(Path path, int value) throws IOException {
        Files.writeString(path, Integer.toString(value));
    }
}
