package io.keepwatch.notify.smtp;

import io.keepwatch.plugin.api.ConfigNode;
import io.keepwatch.plugin.api.ConfigValues;
import io.keepwatch.plugin.api.GlobalSettings;
import io.keepwatch.plugin.api.PluginConfigException;
import io.keepwatch.plugin.api.SourcePosition;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Everything the mail notifier needs, read from a {@code vrrp_notifier NAME { type smtp ... }} block
 * where given, else from {@code global_defs} (the same keywords in both places).
 *
 * @param recipients {@code notification_email}
 * @param from {@code notification_email_from}; default {@code USER@HOSTNAME} as keepalived
 * @param server {@code smtp_server HOST [PORT]}
 * @param port the port, default 25 (465 with {@code smtp_ssl})
 * @param connectTimeout {@code smtp_connect_timeout}, default 30 s, also the read timeout
 * @param heloName {@code smtp_helo_name}, default the host name
 * @param startTls {@code smtp_starttls}: require STARTTLS
 * @param ssl {@code smtp_ssl}: TLS from the first byte (SMTPS)
 * @param tlsVerify {@code smtp_tls_verify on|off}, default on
 * @param username {@code smtp_username}: AUTH with it
 * @param password {@code smtp_password}; never logged
 * @param attempts {@code smtp_retries} + 1
 * @param retryDelay {@code smtp_retry_delay}, default 2 s (doubling)
 * @param noEmailFaults keepalived's {@code no_email_faults}: no mail on FAULT
 */
public record SmtpSettings(List<String> recipients, String from, Optional<String> server, int port,
                           Duration connectTimeout, String heloName, boolean startTls, boolean ssl,
                           boolean tlsVerify, Optional<String> username, Optional<String> password,
                           int attempts, Duration retryDelay, boolean noEmailFaults) {

    static final Set<String> KEYWORDS = Set.of("type", "notification_email", "notification_email_from",
            "smtp_server", "smtp_connect_timeout", "smtp_helo_name", "smtp_starttls", "smtp_ssl",
            "smtp_tls_verify", "smtp_username", "smtp_password", "smtp_retries", "smtp_retry_delay");

    @Override
    public String toString() {
        return "smtp " + server.orElse("(none)") + ":" + port + (ssl ? " ssl" : startTls ? " starttls" : "")
                + (username.isPresent() ? " auth " + username.get() + "/****" : "")
                + " to " + recipients + " from " + from;
    }

    /** Binds the block over the globals. */
    static SmtpSettings bind(ConfigNode block, GlobalSettings globals) {
        ConfigValues.rejectUnknown(block, KEYWORDS);
        List<String> recipients = recipients(block).orElse(globals.notificationEmail());
        String hostname = hostname();
        String from = ConfigValues.optional(block, "notification_email_from")
                .or(globals::notificationEmailFrom)
                .orElse(System.getProperty("user.name", "root") + "@" + hostname);
        boolean ssl = flag(block, globals, "smtp_ssl");
        boolean startTls = flag(block, globals, "smtp_starttls");
        if (ssl && startTls) {
            throw new PluginConfigException(position(block, "smtp_ssl"), "'smtp_ssl' and 'smtp_starttls' exclude each other");
        }
        Optional<String> server = globals.smtpServer();
        int port = globals.smtpServer().isPresent() && globals.smtpPort() != GlobalSettings.DEFAULT_SMTP_PORT
                ? globals.smtpPort() : ssl ? 465 : GlobalSettings.DEFAULT_SMTP_PORT;
        Optional<ConfigNode> serverLine = block.child("smtp_server");
        if (serverLine.isPresent()) {
            List<String> args = serverLine.get().arguments();
            if (args.isEmpty() || args.size() > 2) {
                throw new PluginConfigException(serverLine.get().position(), "'smtp_server' needs HOST [PORT]");
            }
            server = Optional.of(args.getFirst());
            port = args.size() == 2 ? port(serverLine.get(), args.get(1)) : ssl ? 465 : GlobalSettings.DEFAULT_SMTP_PORT;
        }
        Duration connectTimeout = block.child("smtp_connect_timeout").isPresent()
                ? ConfigValues.seconds(block, "smtp_connect_timeout", GlobalSettings.DEFAULT_SMTP_CONNECT_TIMEOUT)
                : globals.smtpConnectTimeout();
        String helo = ConfigValues.optional(block, "smtp_helo_name").or(globals::smtpHeloName).orElse(hostname);
        boolean verify = ConfigValues.optional(block, "smtp_tls_verify").or(() -> globals.otherValue("smtp_tls_verify"))
                .map(v -> switch (v.toLowerCase(Locale.ROOT)) {
                    case "on", "yes", "true" -> true;
                    case "off", "no", "false" -> false;
                    default -> throw new PluginConfigException(position(block, "smtp_tls_verify"),
                            "'smtp_tls_verify' must be on or off, got '" + v + "'");
                }).orElse(true);
        Optional<String> username = ConfigValues.optional(block, "smtp_username").or(() -> globals.otherValue("smtp_username"));
        Optional<String> password = ConfigValues.optional(block, "smtp_password").or(() -> globals.otherValue("smtp_password"));
        if (username.isPresent() != password.isPresent()) {
            throw new PluginConfigException(position(block, username.isPresent() ? "smtp_username" : "smtp_password"),
                    "'smtp_username' and 'smtp_password' go together");
        }
        int retries = block.child("smtp_retries").isPresent() ? ConfigValues.integer(block, "smtp_retries", 0, 100, 2)
                : globals.otherValue("smtp_retries").map(v -> parseInt(v, block)).orElse(2);
        Duration retryDelay = ConfigValues.seconds(block, "smtp_retry_delay", Duration.ofSeconds(2));
        return new SmtpSettings(List.copyOf(recipients), from, server, port, connectTimeout, helo, startTls, ssl,
                verify, username, password, retries + 1, retryDelay, globals.hasOther("no_email_faults"));
    }

    private static int port(ConfigNode line, String text) {
        try {
            int p = Integer.parseInt(text);
            if (p >= 1 && p <= 65535) {
                return p;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new PluginConfigException(line.position(), "'smtp_server' port must be 1 to 65535, got '" + text + "'");
    }

    private static int parseInt(String v, ConfigNode block) {
        try {
            return Math.max(0, Integer.parseInt(v));
        } catch (NumberFormatException e) {
            throw new PluginConfigException(new SourcePosition("global_defs", 0, 0), "'smtp_retries' needs an integer, got '" + v + "'");
        }
    }

    private static boolean flag(ConfigNode block, GlobalSettings globals, String keyword) {
        return block.child(keyword).isPresent() || globals.hasOther(keyword);
    }

    private static SourcePosition position(ConfigNode block, String keyword) {
        return block.child(keyword).map(ConfigNode::position).orElse(block.position());
    }

    // notification_email takes its addresses as a nested block, keepalived style, or on its line.
    private static Optional<List<String>> recipients(ConfigNode block) {
        List<ConfigNode> lines = block.children("notification_email");
        if (lines.isEmpty()) {
            return Optional.empty();
        }
        List<String> out = new ArrayList<>();
        for (ConfigNode line : lines) {
            out.addAll(line.arguments().stream().filter(a -> !a.equals("{") && !a.equals("}")).toList());
            for (ConfigNode child : line.children()) {
                out.add(child.keyword());
                out.addAll(child.arguments());
            }
        }
        return Optional.of(out);
    }

    private static String hostname() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "localhost";
        }
    }
}
