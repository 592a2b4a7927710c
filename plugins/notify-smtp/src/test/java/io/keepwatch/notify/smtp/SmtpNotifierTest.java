package io.keepwatch.notify.smtp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetup;
import io.keepwatch.plugin.api.AddressConflictEvent;
import io.keepwatch.plugin.api.ConfigNode;
import io.keepwatch.plugin.api.GlobalSettings;
import io.keepwatch.plugin.api.Notifier;
import io.keepwatch.plugin.api.PermanentNotificationException;
import io.keepwatch.plugin.api.PluginConfigException;
import io.keepwatch.plugin.api.TransitionEvent;
import io.keepwatch.plugin.api.TransitionEvent.Scope;
import io.keepwatch.plugin.api.TransitionEvent.VrrpState;
import io.keepwatch.plugin.testkit.PluginTestKit;
import io.keepwatch.plugins.NamedNotifier;
import io.keepwatch.plugins.NotifierDispatcher;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import okhttp3.tls.HandshakeCertificates;
import okhttp3.tls.HeldCertificate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SmtpNotifierTest {

    private static final long STARTUP_TIMEOUT_MS = 30_000;

    private GreenMail greenMail;

    @AfterEach
    void stop() {
        if (greenMail != null) {
            greenMail.stop();
        }
    }

    private int start(String protocol, GreenMailConfiguration config) {
        // Starting SMTPS loads a key store; on a loaded CI host that outlasts GreenMail's default 2 s
        // start-up wait, which is a wait on readiness, so a longer ceiling costs nothing when it is quick.
        ServerSetup setup = new ServerSetup(0, "127.0.0.1", protocol).dynamicPort();
        setup.setServerStartupTimeout(STARTUP_TIMEOUT_MS);
        greenMail = new GreenMail(setup);
        greenMail.withConfiguration(config);
        greenMail.start();
        return protocol.equals("smtps") ? greenMail.getSmtps().getPort() : greenMail.getSmtp().getPort();
    }

    private static GlobalSettings globals(List<String> to, int port, boolean smtpAlert, Map<String, Boolean> overrides,
                                          Map<String, List<String>> other) {
        return new GlobalSettings("nginx_master", to, Optional.of("keepwatch@lb1.example.com"), Optional.of("127.0.0.1"),
                port, Duration.ofSeconds(5), Optional.of("lb1.example.com"), smtpAlert, overrides, other);
    }

    private static Notifier notifier(GlobalSettings globals, String... lines) {
        return new SmtpNotifierFactory().create(PluginTestKit.context(PluginTestKit.notifier("smtp", lines), globals));
    }

    private static TransitionEvent event(String name, VrrpState to) {
        return new TransitionEvent(Scope.INSTANCE, name, VrrpState.BACKUP, to, 50, "higher priority advert",
                Instant.parse("2026-11-25T12:00:00Z"), "nginx_master", List.of("192.168.1.109/24"));
    }

    @Test
    void mailsKeepalivedStyleAlertToEveryRecipient() throws Exception {
        int port = start("smtp", GreenMailConfiguration.aConfig().withDisabledAuthentication());
        var globals = globals(List.of("ops@example.com", "oncall@example.com"), port, true, Map.of(), Map.of());
        notifier(globals, "type smtp").send(event("VI_1", VrrpState.MASTER));

        MimeMessage[] received = greenMail.getReceivedMessages();
        assertThat(received).hasSize(2); // one delivery per recipient mailbox
        MimeMessage m = received[0];
        assertThat(m.getSubject()).isEqualTo("[nginx_master] VRRP Instance VI_1 - Entering MASTER state");
        assertThat(m.getFrom()[0].toString()).isEqualTo("keepwatch@lb1.example.com");
        assertThat(Arrays.stream(m.getRecipients(Message.RecipientType.TO)).map(Object::toString))
                .containsExactly("ops@example.com", "oncall@example.com");
        assertThat(m.getHeader("X-Mailer")[0]).isEqualTo("Keepwatch");
        String body = GreenMailUtil.getBody(m).replace("\r\n", "\n");
        assertThat(body).startsWith("=> VRRP Instance is now owning VRRP VIPs <=\n\nInstance: VI_1\n");
        assertThat(body).contains("Transition: BACKUP -> MASTER", "Virtual addresses: 192.168.1.109/24");
    }

    @Test
    void mailsAnAddressConflictAndItsEndSayingWhoElseClaimsTheAddress() throws Exception {
        int port = start("smtp", GreenMailConfiguration.aConfig().withDisabledAuthentication());
        var globals = globals(List.of("ops@example.com"), port, false, Map.of("VI_1", true), Map.of());
        Notifier n = notifier(globals, "type smtp");
        AddressConflictEvent noticed = new AddressConflictEvent("VI_1", "eth0", 51, "192.168.1.109",
                "52:54:00:12:34:56", Optional.of("192.168.1.12"), false, Instant.parse("2026-11-25T12:00:00Z"),
                "nginx_master");
        n.send(noticed);
        n.send(new AddressConflictEvent("VI_1", "eth0", 51, "192.168.1.109", "52:54:00:12:34:56",
                Optional.of("192.168.1.12"), true, Instant.parse("2026-11-25T12:00:09Z"), "nginx_master"));
        n.send(new AddressConflictEvent("VI_2", "eth0", 52, "192.168.1.110", "52:54:00:12:34:56",
                Optional.empty(), false, Instant.parse("2026-11-25T12:00:00Z"), "nginx_master"));

        MimeMessage[] received = greenMail.getReceivedMessages();
        assertThat(received).as("VI_2 has no smtp_alert").hasSize(2);
        assertThat(received[0].getSubject())
                .isEqualTo("[nginx_master] VRRP Instance VI_1 - Address conflict on 192.168.1.109");
        String body = GreenMailUtil.getBody(received[0]).replace("\r\n", "\n");
        assertThat(body).startsWith("=> Another station claims a VRRP VIP: two hosts answer for it (split brain) <=\n")
                .contains("Virtual address: 192.168.1.109\n", "Foreign MAC: 52:54:00:12:34:56\n",
                        "Other host: 192.168.1.12\n", "This host: nginx_master\n", "Interface: eth0\n", "VRID: 51\n",
                        "Noticed: 2026-11-25T12:00:00Z");
        assertThat(received[1].getSubject())
                .isEqualTo("[nginx_master] VRRP Instance VI_1 - Address conflict over on 192.168.1.109");
        assertThat(GreenMailUtil.getBody(received[1]).replace("\r\n", "\n"))
                .startsWith("=> No other station claims the VRRP VIP any more <=\n").contains("Ended: 2026-11-25T12:00:09Z");
    }

    @Test
    void noMailWithoutRecipients() throws Exception {
        int port = start("smtp", GreenMailConfiguration.aConfig().withDisabledAuthentication());
        notifier(globals(List.of(), port, true, Map.of(), Map.of()), "type smtp").send(event("VI_1", VrrpState.MASTER));
        assertThat(greenMail.getReceivedMessages()).isEmpty();
    }

    @Test
    void smtpAlertDecidesPerInstance() throws Exception {
        int port = start("smtp", GreenMailConfiguration.aConfig().withDisabledAuthentication());
        var globals = globals(List.of("ops@example.com"), port, false, Map.of("VI_2", true), Map.of());
        Notifier n = notifier(globals, "type smtp");
        n.send(event("VI_1", VrrpState.MASTER));
        n.send(event("VI_2", VrrpState.FAULT));
        MimeMessage[] received = greenMail.getReceivedMessages();
        assertThat(received).hasSize(1);
        assertThat(received[0].getSubject()).isEqualTo("[nginx_master] VRRP Instance VI_2 - Entering FAULT state");
    }

    @Test
    void noEmailFaultsSuppressesFaultMail() throws Exception {
        int port = start("smtp", GreenMailConfiguration.aConfig().withDisabledAuthentication());
        var globals = globals(List.of("ops@example.com"), port, true, Map.of(), Map.of("no_email_faults", List.of()));
        notifier(globals, "type smtp").send(event("VI_1", VrrpState.FAULT));
        assertThat(greenMail.getReceivedMessages()).isEmpty();
    }

    @Test
    void startTlsWithAuth() throws Exception {
        int backend = start("smtp", GreenMailConfiguration.aConfig().withUser("alerts@example.com", "alerts", "s3cret"));
        HeldCertificate cert = new HeldCertificate.Builder().addSubjectAlternativeName("127.0.0.1").build();
        HandshakeCertificates server = new HandshakeCertificates.Builder().heldCertificate(cert).build();
        try (StartTlsProxy proxy = new StartTlsProxy(server.sslSocketFactory(), backend)) {
            var globals = globals(List.of("ops@example.com"), proxy.port(), true, Map.of(), Map.of());
            Notifier n = notifier(globals, "type smtp", "smtp_starttls", "smtp_tls_verify off",
                    "smtp_username alerts", "smtp_password s3cret");
            n.send(event("VI_1", VrrpState.BACKUP));
            assertThat(proxy.tlsEstablished).isTrue();
            assertThat(greenMail.getReceivedMessages()).hasSize(1);
            assertThat(greenMail.getReceivedMessages()[0].getSubject())
                    .isEqualTo("[nginx_master] VRRP Instance VI_1 - Entering BACKUP state");

            Notifier wrong = notifier(globals, "type smtp", "smtp_starttls", "smtp_tls_verify off",
                    "smtp_username alerts", "smtp_password nope");
            assertThatThrownBy(() -> wrong.send(event("VI_1", VrrpState.MASTER)))
                    .isInstanceOf(PermanentNotificationException.class).hasMessageContaining("login as alerts refused");
        }
    }

    @Test
    void startTlsRequiredButNotOfferedFails() throws Exception {
        int port = start("smtp", GreenMailConfiguration.aConfig().withDisabledAuthentication());
        var globals = globals(List.of("ops@example.com"), port, true, Map.of(), Map.of("smtp_starttls", List.of()));
        assertThatThrownBy(() -> notifier(globals, "type smtp").send(event("VI_1", VrrpState.MASTER)))
                .isInstanceOf(MessagingException.class).hasMessageContaining("STARTTLS");
        assertThat(greenMail.getReceivedMessages()).isEmpty();
    }

    @Test
    void smtpsWithAuth() throws Exception {
        int port = start("smtps", GreenMailConfiguration.aConfig().withUser("alerts@example.com", "alerts", "s3cret"));
        var globals = globals(List.of("ops@example.com"), port, true, Map.of(), Map.of());
        notifier(globals, "type smtp", "smtp_ssl", "smtp_tls_verify off", "smtp_username alerts",
                "smtp_password s3cret").send(event("VI_1", VrrpState.MASTER));
        assertThat(greenMail.getReceivedMessages()).hasSize(1);
    }

    @Test
    void smtpsVerifyingAnUntrustedCertificateFails() throws Exception {
        int port = start("smtps", GreenMailConfiguration.aConfig().withDisabledAuthentication());
        var globals = globals(List.of("ops@example.com"), port, true, Map.of(), Map.of());
        assertThatThrownBy(() -> notifier(globals, "type smtp", "smtp_ssl").send(event("VI_1", VrrpState.MASTER)))
                .isInstanceOf(MessagingException.class);
        assertThat(greenMail.getReceivedMessages()).isEmpty();
    }

    @Test
    void retriedThroughTheDispatcherUntilTheServerAnswers() throws Exception {
        int port = start("smtp", GreenMailConfiguration.aConfig().withDisabledAuthentication());
        greenMail.stop();
        var registry = new SimpleMeterRegistry();
        var globals = globals(List.of("ops@example.com"), port, true, Map.of(), Map.of());
        Notifier n = notifier(globals, "type smtp", "smtp_retries 20", "smtp_retry_delay 0.2");
        try (var dispatcher = new NotifierDispatcher(List.of(new NamedNotifier("mail", "smtp", n)), registry)) {
            dispatcher.publish(event("VI_1", VrrpState.MASTER));
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (registry.find("keepwatch.notifications.retried").functionCounter().count() < 1) {
                assertThat(System.nanoTime()).isLessThan(deadline);
                Thread.sleep(10);
            }
            greenMail = new GreenMail(new ServerSetup(port, "127.0.0.1", "smtp"));
            greenMail.withConfiguration(GreenMailConfiguration.aConfig().withDisabledAuthentication());
            greenMail.start();
            assertThat(greenMail.waitForIncomingEmail(15_000, 1)).isTrue();
            while (registry.find("keepwatch.notifications.sent").functionCounter().count() < 1) {
                assertThat(System.nanoTime()).isLessThan(deadline + Duration.ofSeconds(15).toNanos());
                Thread.sleep(10);
            }
        }
    }

    @Test
    void enabledFromGlobalsOnlyWithServerRecipientsAndSmtpAlert() {
        var factory = new SmtpNotifierFactory();
        assertThat(factory.enabledByGlobals(globals(List.of("a@b"), 25, true, Map.of(), Map.of()))).isTrue();
        assertThat(factory.enabledByGlobals(globals(List.of("a@b"), 25, false, Map.of("VI_1", true), Map.of()))).isTrue();
        assertThat(factory.enabledByGlobals(globals(List.of("a@b"), 25, false, Map.of(), Map.of()))).isFalse();
        // The reference configs: smtp_server smtp.qq.com with an empty notification_email block.
        var reference = new GlobalSettings("nginx_master", List.of(), Optional.of("Alexandre.Cassen@firewall.loc"),
                Optional.of("smtp.qq.com"), 25, Duration.ofSeconds(30), Optional.empty(), false, Map.of(), Map.of());
        assertThat(factory.enabledByGlobals(reference)).isFalse();
    }

    @Test
    void passwordNeverShowsInSettingsText() {
        var globals = globals(List.of("a@b"), 25, true, Map.of(), Map.of());
        SmtpNotifier n = (SmtpNotifier) notifier(globals, "type smtp", "smtp_username u", "smtp_password topsecret");
        assertThat(n.settings().toString()).contains("auth u/****").doesNotContain("topsecret");
    }

    @Test
    void blockRecipientsAndServerOverrideGlobals() {
        var globals = globals(List.of("a@b"), 25, true, Map.of(), Map.of());
        ConfigNode block = new ConfigNode("vrrp_notifier", List.of("mail"), List.of(
                new ConfigNode("type", List.of("smtp"), List.of(), new io.keepwatch.plugin.api.SourcePosition("t", 2, 1)),
                new ConfigNode("notification_email", List.of(), List.of(
                        new ConfigNode("x@y", List.of(), List.of(), new io.keepwatch.plugin.api.SourcePosition("t", 4, 1)),
                        new ConfigNode("z@y", List.of(), List.of(), new io.keepwatch.plugin.api.SourcePosition("t", 5, 1))),
                        new io.keepwatch.plugin.api.SourcePosition("t", 3, 1)),
                new ConfigNode("smtp_server", List.of("mail.example.com", "2525"), List.of(),
                        new io.keepwatch.plugin.api.SourcePosition("t", 7, 1))),
                new io.keepwatch.plugin.api.SourcePosition("t", 1, 1));
        SmtpNotifier n = (SmtpNotifier) new SmtpNotifierFactory().create(PluginTestKit.context(block, globals));
        assertThat(n.settings().recipients()).containsExactly("x@y", "z@y");
        assertThat(n.settings().server()).contains("mail.example.com");
        assertThat(n.settings().port()).isEqualTo(2525);
    }

    @Test
    void configurationErrorsNameTheLine() {
        var globals = globals(List.of("a@b"), 25, true, Map.of(), Map.of());
        assertThatThrownBy(() -> notifier(globals, "type smtp", "smtp_ssl", "smtp_starttls"))
                .isInstanceOf(PluginConfigException.class)
                .hasMessage("test.conf:3: 'smtp_ssl' and 'smtp_starttls' exclude each other");
        assertThatThrownBy(() -> notifier(globals, "type smtp", "smtp_username u"))
                .hasMessage("test.conf:3: 'smtp_username' and 'smtp_password' go together");
        assertThatThrownBy(() -> notifier(globals, "type smtp", "smtp_server h 99999"))
                .hasMessage("test.conf:3: 'smtp_server' port must be 1 to 65535, got '99999'");
    }
}
