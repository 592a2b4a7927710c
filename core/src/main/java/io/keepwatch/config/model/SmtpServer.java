package io.keepwatch.config.model;

import java.util.Objects;

/**
 * {@code smtp_server HOST [PORT]}. The host is kept as written: it is never resolved while the
 * configuration is read.
 */
public record SmtpServer(String host, int port) {
    public static final int DEFAULT_PORT = 25;

    public SmtpServer {
        Objects.requireNonNull(host, "host");
    }
}
