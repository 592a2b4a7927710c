package io.keepwatch.plugin.api;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The {@code global_defs} values a plugin may need, read-only. Field names follow keepalived's
 * keywords; defaults are keepalived's.
 *
 * @param routerId {@code router_id}, else the host name
 * @param notificationEmail {@code notification_email { ... }} recipients, possibly empty
 * @param notificationEmailFrom {@code notification_email_from}
 * @param smtpServer {@code smtp_server} host name or address
 * @param smtpPort the port given after {@code smtp_server}, default 25
 * @param smtpConnectTimeout {@code smtp_connect_timeout}, default 30 s
 * @param smtpHeloName {@code smtp_helo_name}
 * @param smtpAlert whether instances and groups send mail alerts unless they say otherwise
 *     ({@code smtp_alert} / {@code smtp_alert_vrrp} in {@code global_defs})
 * @param smtpAlertOverrides {@code smtp_alert} given on a single instance or group, by its name
 * @param other every other {@code global_defs} keyword with its arguments, by keyword (a later
 *     line overrides an earlier one), for plugin-specific settings such as {@code smtp_starttls};
 *     {@link #toString()} masks the values of keywords naming a password or secret
 */
public record GlobalSettings(String routerId, List<String> notificationEmail,
                             Optional<String> notificationEmailFrom, Optional<String> smtpServer,
                             int smtpPort, Duration smtpConnectTimeout, Optional<String> smtpHeloName,
                             boolean smtpAlert, Map<String, Boolean> smtpAlertOverrides,
                             Map<String, List<String>> other) {

    /** keepalived's SMTP port when {@code smtp_server} names none. */
    public static final int DEFAULT_SMTP_PORT = 25;

    /** keepalived's {@code smtp_connect_timeout} default. */
    public static final Duration DEFAULT_SMTP_CONNECT_TIMEOUT = Duration.ofSeconds(30);

    public GlobalSettings {
        Objects.requireNonNull(routerId, "routerId");
        notificationEmail = List.copyOf(notificationEmail);
        Objects.requireNonNull(notificationEmailFrom, "notificationEmailFrom");
        Objects.requireNonNull(smtpServer, "smtpServer");
        Objects.requireNonNull(smtpConnectTimeout, "smtpConnectTimeout");
        Objects.requireNonNull(smtpHeloName, "smtpHeloName");
        smtpAlertOverrides = Map.copyOf(smtpAlertOverrides);
        other = Map.copyOf(other);
    }

    /** Settings with nothing configured but the router id: no mail, keepalived defaults. */
    public static GlobalSettings of(String routerId) {
        return new GlobalSettings(routerId, List.of(), Optional.empty(), Optional.empty(), DEFAULT_SMTP_PORT,
                DEFAULT_SMTP_CONNECT_TIMEOUT, Optional.empty(), false, Map.of(), Map.of());
    }

    /** Whether mail alerts are on for this instance or group name. */
    public boolean smtpAlertFor(String name) {
        return smtpAlertOverrides.getOrDefault(name, smtpAlert);
    }

    /** The first argument of another {@code global_defs} keyword, if present with one. */
    public Optional<String> otherValue(String keyword) {
        List<String> args = other.get(keyword);
        return args == null || args.isEmpty() ? Optional.empty() : Optional.of(args.getFirst());
    }

    /** Whether another {@code global_defs} keyword is present (a flag such as {@code smtp_starttls}). */
    public boolean hasOther(String keyword) {
        return other.containsKey(keyword);
    }

    /** Every component, with the values of {@code *password*} and {@code *secret*} keywords masked. */
    @Override
    public String toString() {
        Map<String, Object> shown = new TreeMap<>();
        other.forEach((k, v) -> shown.put(k, k.contains("password") || k.contains("secret") ? "********" : v));
        return "GlobalSettings[routerId=" + routerId + ", notificationEmail=" + notificationEmail
                + ", notificationEmailFrom=" + notificationEmailFrom + ", smtpServer=" + smtpServer
                + ", smtpPort=" + smtpPort + ", smtpConnectTimeout=" + smtpConnectTimeout
                + ", smtpHeloName=" + smtpHeloName + ", smtpAlert=" + smtpAlert
                + ", smtpAlertOverrides=" + smtpAlertOverrides + ", other=" + shown + "]";
    }
}
