package io.keepwatch.cli;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Optional;

/** {@code --metrics-listen}: {@code ADDR:PORT}, {@code [IPV6]:PORT}, or {@code none}/{@code off}. */
final class ListenAddress {

    private ListenAddress() {}

    /** @throws IllegalArgumentException with a message for the operator */
    static Optional<InetSocketAddress> parse(String text) {
        if (text.equals("none") || text.equals("off")) {
            return Optional.empty();
        }
        int colon = text.lastIndexOf(':');
        if (colon <= 0) {
            throw new IllegalArgumentException("--metrics-listen " + text + ": ADDR:PORT or none expected");
        }
        String host = text.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        int port;
        try {
            port = Integer.parseInt(text.substring(colon + 1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--metrics-listen " + text + ": the port is not a number");
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("--metrics-listen " + text + ": port out of range 1..65535");
        }
        try {
            // a literal only: a name would need a lookup, which may hang a starting daemon
            return Optional.of(new InetSocketAddress(InetAddress.ofLiteral(host), port));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--metrics-listen " + text + ": '" + host + "' is not an IP address");
        }
    }
}
