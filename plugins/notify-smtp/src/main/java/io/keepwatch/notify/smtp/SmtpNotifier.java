package io.keepwatch.notify.smtp;

import io.keepwatch.plugin.api.AddressConflictEvent;
import io.keepwatch.plugin.api.GlobalSettings;
import io.keepwatch.plugin.api.Notifier;
import io.keepwatch.plugin.api.PermanentNotificationException;
import io.keepwatch.plugin.api.RetryPolicy;
import io.keepwatch.plugin.api.TransitionEvent;
import io.keepwatch.plugin.api.TransitionEvent.VrrpState;
import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Optional;
import java.util.Properties;
import org.slf4j.Logger;

/**
 * Mails transition alerts as keepalived does ({@link AlertText}), and address conflicts, to
 * {@code notification_email}, for instances and groups with {@code smtp_alert} on. Sends nothing when there are no recipients or no
 * server. Beyond keepalived: STARTTLS or SMTPS, AUTH, and retries (through keepwatch's dispatcher);
 * a refused login is not retried.
 */
public final class SmtpNotifier implements Notifier {

    private final String name;
    private final SmtpSettings settings;
    private final GlobalSettings globals;
    private final Logger log;
    private final Session session;

    SmtpNotifier(String name, SmtpSettings settings, GlobalSettings globals, Logger log) {
        this.name = name;
        this.settings = settings;
        this.globals = globals;
        this.log = log;
        this.session = Session.getInstance(properties(settings));
    }

    private static Properties properties(SmtpSettings s) {
        String protocol = s.ssl() ? "smtps" : "smtp";
        String p = "mail." + protocol + ".";
        Properties props = new Properties();
        props.put("mail.transport.protocol", protocol);
        s.server().ifPresent(h -> props.put(p + "host", h));
        props.put(p + "port", Integer.toString(s.port()));
        String timeout = Long.toString(s.connectTimeout().toMillis());
        props.put(p + "connectiontimeout", timeout);
        props.put(p + "timeout", timeout);
        props.put(p + "writetimeout", timeout);
        props.put(p + "localhost", s.heloName());
        props.put(p + "auth", Boolean.toString(s.username().isPresent()));
        if (s.startTls()) {
            props.put(p + "starttls.enable", "true");
            props.put(p + "starttls.required", "true");
        }
        if (s.ssl() || s.startTls()) {
            if (s.tlsVerify()) {
                props.put(p + "ssl.checkserveridentity", "true");
            } else {
                props.put(p + "ssl.trust", "*");
                props.put(p + "ssl.checkserveridentity", "false");
            }
        }
        return props;
    }

    @Override
    public void send(TransitionEvent event) throws Exception {
        if (settings.recipients().isEmpty() || settings.server().isEmpty()) {
            log.debug("smtp {}: no recipients or no smtp_server, no mail for {}", name, event.name());
            return;
        }
        if (!globals.smtpAlertFor(event.name())) {
            return;
        }
        if (settings.noEmailFaults() && event.newState() == VrrpState.FAULT) {
            return;
        }
        Optional<AlertText.Mail> mail = AlertText.of(event);
        if (mail.isPresent()) {
            mail(mail.get(), event.time());
        }
    }

    @Override
    public void send(AddressConflictEvent event) throws Exception {
        if (settings.recipients().isEmpty() || settings.server().isEmpty()) {
            log.debug("smtp {}: no recipients or no smtp_server, no mail for {}", name, event.instance());
            return;
        }
        if (globals.smtpAlertFor(event.instance())) {
            mail(AlertText.of(event), event.time());
        }
    }

    private void mail(AlertText.Mail mail, Instant time) throws Exception {
        MimeMessage message = new MimeMessage(session);
        try {
            message.setFrom(new InternetAddress(settings.from(), true));
            for (String to : settings.recipients()) {
                message.addRecipient(Message.RecipientType.TO, new InternetAddress(to, true));
            }
        } catch (AddressException e) {
            throw new PermanentNotificationException("smtp " + name + ": bad address: " + e.getMessage(), e);
        }
        message.setSubject(mail.subject(), StandardCharsets.UTF_8.name());
        message.setSentDate(Date.from(time));
        message.setHeader("X-Mailer", "Keepwatch");
        message.setText(mail.body(), StandardCharsets.UTF_8.name());
        try (Transport transport = session.getTransport()) {
            if (settings.username().isPresent()) {
                transport.connect(settings.username().get(), settings.password().orElseThrow());
            } else {
                transport.connect();
            }
            transport.sendMessage(message, message.getAllRecipients());
            log.info("smtp {}: mailed \"{}\" to {}", name, mail.subject(), settings.recipients());
        } catch (AuthenticationFailedException e) {
            throw new PermanentNotificationException("smtp " + name + ": login as " + settings.username().orElse("")
                    + " refused by " + settings.server().orElse("") + ": " + e.getMessage(), e);
        } catch (MessagingException e) {
            throw new MessagingException("smtp " + name + " via " + settings.server().orElse("") + ":"
                    + settings.port() + ": " + e.getMessage(), e);
        }
    }

    @Override
    public RetryPolicy retryPolicy() {
        return new RetryPolicy(settings.attempts(), settings.retryDelay(), 2.0, Duration.ofMinutes(2));
    }

    /** The bound settings (password masked in {@code toString}). */
    public SmtpSettings settings() {
        return settings;
    }
}
