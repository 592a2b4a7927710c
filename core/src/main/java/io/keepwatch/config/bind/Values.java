package io.keepwatch.config.bind;

import io.keepwatch.config.diagnostic.Diagnostics;
import io.keepwatch.config.model.ScriptCommand;
import io.keepwatch.plugin.api.ConfigNode;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.regex.Pattern;

/** Reads the values of keyword lines, reporting a bad or missing value at its line. */
final class Values {
    private static final Pattern IPV4 = Pattern.compile("(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)(\\.(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)){3}");
    private static final Pattern DECIMAL = Pattern.compile("\\d+(\\.\\d*)?|\\.\\d+");
    private static final Pattern INTEGER = Pattern.compile("[-+]?\\d+");

    private final Diagnostics diagnostics;
    /** One per file: keepalived numbers the rules that have no preference file-wide, in file order. */
    private final RoutingBinder routing;

    Values(Diagnostics diagnostics) {
        this.diagnostics = diagnostics;
        this.routing = new RoutingBinder(diagnostics, new RtNames(),
                new long[] {RoutingBinder.FIRST_AUTOMATIC_PRIORITY, RoutingBinder.FIRST_AUTOMATIC_PRIORITY});
    }

    RoutingBinder routing() {
        return routing;
    }

    Diagnostics diagnostics() {
        return diagnostics;
    }

    /** Whether an error was reported since the diagnostics held {@code before} entries. */
    boolean errorsSince(int before) {
        return diagnostics.all().subList(before, diagnostics.all().size()).stream()
                .anyMatch(io.keepwatch.config.diagnostic.Diagnostic::isError);
    }

    /**
     * The lines of the block a keyword opens. Words after a block keyword with no block are an
     * error (they would otherwise be dropped silently).
     */
    List<ConfigNode> block(ConfigNode node) {
        if (node.children().isEmpty() && !node.arguments().isEmpty()) {
            diagnostics.error(node.position(), node.keyword() + " takes a block: " + node.keyword() + " { ... }");
        }
        return node.children();
    }

    /** The first argument, or an error naming the keyword when there is none. */
    Optional<String> word(ConfigNode node) {
        if (node.arguments().isEmpty()) {
            diagnostics.error(node.position(), node.keyword() + " needs a value");
            return Optional.empty();
        }
        return Optional.of(node.arguments().getFirst());
    }

    /** The first argument as an integer in {@code min..max}. */
    OptionalInt integer(ConfigNode node, int min, int max) {
        Optional<String> word = word(node);
        return word.isEmpty() ? OptionalInt.empty() : integer(node, word.get(), min, max);
    }

    OptionalInt integer(ConfigNode node, String text, int min, int max) {
        if (INTEGER.matcher(text).matches()) {
            try {
                long value = Long.parseLong(text);
                if (value >= min && value <= max) return OptionalInt.of((int) value);
            } catch (NumberFormatException tooLong) {
                // falls through to the range message
            }
            diagnostics.error(node.position(), node.keyword() + " " + text + " is out of range " + min + ".." + max);
            return OptionalInt.empty();
        }
        diagnostics.error(node.position(), node.keyword() + " '" + text + "' is not a number");
        return OptionalInt.empty();
    }

    /** The first argument as decimal seconds (microsecond resolution, as keepalived) in {@code 0..maxSeconds}. */
    Optional<Duration> seconds(ConfigNode node, long maxSeconds) {
        Optional<String> word = word(node);
        if (word.isEmpty()) return Optional.empty();
        String text = word.get();
        if (!DECIMAL.matcher(text).matches()) {
            diagnostics.error(node.position(), node.keyword() + " '" + text + "' is not a number of seconds");
            return Optional.empty();
        }
        long micros = DecimalSeconds.micros(text, maxSeconds);
        if (micros < 0) {
            diagnostics.error(node.position(), node.keyword() + " " + text + " is out of range 0.." + maxSeconds);
            return Optional.empty();
        }
        if (DecimalSeconds.finerThanMicros(text)) {
            diagnostics.warning(node.position(), node.keyword() + " " + text + " is finer than a microsecond; rounded");
        }
        return Optional.of(Duration.ofNanos(micros * 1000));
    }

    /** A yes/no keyword: no argument means yes; otherwise true/false, yes/no, on/off. */
    Optional<Boolean> flag(ConfigNode node) {
        if (node.arguments().isEmpty()) return Optional.of(true);
        return switch (node.arguments().getFirst().toLowerCase(Locale.ROOT)) {
            case "true", "yes", "on" -> Optional.of(true);
            case "false", "no", "off" -> Optional.of(false);
            default -> {
                diagnostics.error(node.position(), node.keyword() + " '" + node.arguments().getFirst()
                        + "' is not one of true, false, yes, no, on, off");
                yield Optional.empty();
            }
        };
    }

    /** A literal IPv4 or IPv6 address; names are never looked up. */
    Optional<InetAddress> address(ConfigNode node, String text) {
        Optional<InetAddress> parsed = parseAddress(text);
        if (parsed.isEmpty()) {
            diagnostics.error(node.position(), "'" + text + "' is not an IP address");
        }
        return parsed;
    }

    /**
     * An address as keepalived reads {@code unicast_src_ip}, {@code mcast_src_ip} and
     * {@code unicast_peer} (inet_stosockaddr): anything from the first {@code /} or {@code -} on, a
     * prefix length or a range end, is dropped, so {@code 192.168.0.11/24} is 192.168.0.11.
     */
    Optional<InetAddress> hostAddress(ConfigNode node, String text) {
        int cut = text.indexOf('-');
        if (cut < 0) cut = text.indexOf('/');
        Optional<InetAddress> parsed = parseAddress(cut < 0 ? text : text.substring(0, cut));
        if (parsed.isEmpty()) {
            diagnostics.error(node.position(), "'" + text + "' is not an IP address");
        }
        return parsed;
    }

    static Optional<InetAddress> parseAddress(String text) {
        try {
            if (text.indexOf(':') >= 0) {
                if (text.indexOf('%') >= 0) return Optional.empty();
                InetAddress a = Inet6Address.ofLiteral(text);
                return a instanceof Inet6Address ? Optional.of(a) : Optional.empty();
            }
            return IPV4.matcher(text).matches() ? Optional.of(Inet4Address.ofLiteral(text)) : Optional.empty();
        } catch (IllegalArgumentException notALiteral) {
            return Optional.empty();
        }
    }

    /** All the arguments of a script line, split as keepalived splits a script. */
    Optional<ScriptCommand> command(ConfigNode node, List<String> words) {
        // the words are joined first so that single quotes may span words of an unquoted line
        List<String> argv = splitScript(String.join(" ", words));
        if (argv.isEmpty()) {
            diagnostics.error(node.position(), node.keyword() + " needs a program to run");
            return Optional.empty();
        }
        return Optional.of(new ScriptCommand(argv));
    }

    /**
     * Splits as keepalived's {@code alloc_strvec_quoted_escaped()} splits a script: on blanks; single
     * or double quotes keep blanks in an argument (and are removed); a backslash escapes as in the
     * shell's {@code $'...'}: {@code \\a \\b \\E \\f \\n \\r \\t \\v}, up to three octal digits,
     * {@code \\xHH...}, {@code \\cC} (control-C), and any other character stands for itself
     * ({@code \\#}, {@code \\'}, {@code \\\\}). An unterminated quote runs to the end.
     */
    static List<String> splitScript(String text) {
        List<String> out = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        char quote = 0;
        boolean any = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\\' && i + 1 < text.length()) {
                i = escape(text, i + 1, current);
                any = true;
            } else if (quote != 0 ? c == quote : c == '\'' || c == '"') {
                quote = quote != 0 ? 0 : c;
                any = true;
            } else if (quote == 0 && Character.isWhitespace(c)) {
                if (any) out.add(current.toString());
                current.setLength(0);
                any = false;
            } else {
                current.append(c);
                any = true;
            }
        }
        if (any) out.add(current.toString());
        return out;
    }

    /** Appends the character escaped at {@code at} (just after a backslash); returns the index of its last character. */
    private static int escape(String text, int at, StringBuilder out) {
        char c = text.charAt(at);
        if (c == 'x' && at + 1 < text.length() && Character.digit(text.charAt(at + 1), 16) >= 0) {
            int value = 0;
            int i = at + 1;
            while (i < text.length() && Character.digit(text.charAt(i), 16) >= 0) {
                value = (value << 4 | Character.digit(text.charAt(i), 16)) & 0xff; // keepalived keeps one byte
                i++;
            }
            out.append((char) value);
            return i - 1;
        }
        if (c == 'c' && at + 1 < text.length()) {
            out.append((char) (text.charAt(at + 1) & 0x1f));
            return at + 1;
        }
        if (c >= '0' && c <= '7') {
            int value = 0;
            int i = at;
            while (i < text.length() && i < at + 3 && text.charAt(i) >= '0' && text.charAt(i) <= '7') {
                value = value * 8 + text.charAt(i) - '0';
                i++;
            }
            out.append((char) (value & 0xff));
            return i - 1;
        }
        out.append(switch (c) {
            case 'a' -> '\u0007';
            case 'b' -> '\b';
            case 'E' -> '\u001b';
            case 'f' -> '\f';
            case 'n' -> '\n';
            case 'r' -> '\r';
            case 't' -> '\t';
            case 'v' -> '\u000b';
            default -> c;
        });
        return at;
    }
}
