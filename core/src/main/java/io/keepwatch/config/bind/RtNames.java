package io.keepwatch.config.bind;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalLong;

/**
 * The names ip-route and keepalived accept for routing tables, protocols and scopes: numbers, the
 * kernel's own names, and those of /etc/iproute2/rt_tables, rt_protos and rt_scopes (read once,
 * when a name is not one of the kernel's).
 */
final class RtNames {
    private static final Map<String, Long> TABLES = Map.of("unspec", 0L, "default", 253L, "main", 254L, "local", 255L);
    private static final Map<String, Long> PROTOCOLS = Map.ofEntries(Map.entry("unspec", 0L),
            Map.entry("redirect", 1L), Map.entry("kernel", 2L), Map.entry("boot", 3L), Map.entry("static", 4L),
            Map.entry("gated", 8L), Map.entry("ra", 9L), Map.entry("mrt", 10L), Map.entry("zebra", 11L),
            Map.entry("bird", 12L), Map.entry("dnrouted", 13L), Map.entry("xorp", 14L), Map.entry("ntk", 15L),
            Map.entry("dhcp", 16L), Map.entry("keepalived", 18L), Map.entry("babel", 42L),
            Map.entry("openr", 99L), Map.entry("bgp", 186L), Map.entry("isis", 187L), Map.entry("ospf", 188L),
            Map.entry("rip", 189L), Map.entry("eigrp", 192L));
    private static final Map<String, Long> SCOPES = Map.of("global", 0L, "universe", 0L, "site", 200L,
            "link", 253L, "host", 254L, "nowhere", 255L);
    private static final Map<String, Long> IP_PROTOCOLS = Map.of("icmp", 1L, "tcp", 6L, "udp", 17L, "gre", 47L,
            "esp", 50L, "ah", 51L, "ipv6-icmp", 58L, "sctp", 132L, "udplite", 136L);

    private final Path directory;
    private final Map<String, Map<String, Long>> files = new HashMap<>();

    RtNames(Path directory) {
        this.directory = directory;
    }

    RtNames() {
        this(Path.of("/etc/iproute2"));
    }

    OptionalLong table(String text) {
        return lookup(text, TABLES, "rt_tables", 0xFFFFFFFFL);
    }

    OptionalLong protocol(String text) {
        return lookup(text, PROTOCOLS, "rt_protos", 255);
    }

    OptionalLong scope(String text) {
        return lookup(text, SCOPES, "rt_scopes", 255);
    }

    OptionalLong ipProtocol(String text) {
        return lookup(text.toLowerCase(Locale.ROOT), IP_PROTOCOLS, null, 255);
    }

    /** A number (decimal or 0x hex) up to {@code max}, a built-in name, or a name from {@code file}. */
    private OptionalLong lookup(String text, Map<String, Long> builtIn, String file, long max) {
        OptionalLong number = number(text, max);
        if (number.isPresent()) {
            return number;
        }
        Long known = builtIn.get(text);
        if (known == null && file != null) {
            known = files.computeIfAbsent(file, this::read).get(text);
        }
        return known == null || known > max ? OptionalLong.empty() : OptionalLong.of(known);
    }

    static OptionalLong number(String text, long max) {
        try {
            long value = text.startsWith("0x") || text.startsWith("0X") ? Long.parseLong(text.substring(2), 16)
                    : text.matches("\\d+") ? Long.parseLong(text) : -1;
            return value < 0 || value > max ? OptionalLong.empty() : OptionalLong.of(value);
        } catch (NumberFormatException tooLong) {
            return OptionalLong.empty();
        }
    }

    /** "NUMBER NAME" lines of an iproute2 file; '#' starts a comment. A missing file has no names. */
    private Map<String, Long> read(String file) {
        Map<String, Long> names = new HashMap<>();
        try {
            List<String> lines = Files.readAllLines(directory.resolve(file));
            for (String line : lines) {
                String[] words = line.replaceFirst("#.*", "").trim().split("\\s+");
                if (words.length >= 2) {
                    number(words[0], 0xFFFFFFFFL).ifPresent(n -> names.putIfAbsent(words[1], n));
                }
            }
        } catch (IOException | RuntimeException unreadable) {
            // as ip-route: names that cannot be read are not known
        }
        return names;
    }
}
