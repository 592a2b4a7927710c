package io.keepwatch.plugins.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.keepwatch.testing.AddressWatch;
import io.keepwatch.testing.Deadline;
import io.keepwatch.testing.KeepwatchProcess;
import io.keepwatch.testing.NetNs;
import io.keepwatch.testing.RequiresNetns;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.Test;

/**
 * The acceptance scenario for plugins: two hosts on a veth pair, each daemon tracking an http check
 * of its own 127.0.0.1 health endpoint. The master's endpoint fails, the VIP moves to the backup;
 * it recovers, the VIP comes back; the master is stopped with SIGTERM. For each of the master's
 * transitions a mail (smtp notifier driven by global_defs), a signed webhook and keepalived's notify
 * scripts go out, in order.
 */
@RequiresNetns
class HttpCheckFailoverIT {

    private static final InetAddress VIP = InetAddress.ofLiteral("10.78.0.100");
    private static final Duration MOVE = Duration.ofSeconds(10);
    private static final Duration NOTIFY = Duration.ofSeconds(15);
    private static final int HEALTH_PORT = 8080;
    private static final int HOOK_PORT = 8081;
    private static final int SMTP_PORT = 2525;
    private static final String SECRET = "s3cret";

    @Test
    void failingHttpCheckMovesTheVipAndEveryNotifierHearsEachTransitionInOrder() throws Exception {
        try (Lab lab = Lab.create("e2ehttp").withBundledPlugins()) {
            List<NetNs.Namespace> hosts = lab.twoHosts();
            NetNs.Namespace master = hosts.get(0);
            NetNs.Namespace backup = hosts.get(1);
            AddressWatch masterView = lab.watch(master);
            AddressWatch backupView = lab.watch(backup);
            HealthEndpoint masterHealth = lab.closeLater(HealthEndpoint.start(master, HEALTH_PORT));
            lab.closeLater(HealthEndpoint.start(backup, HEALTH_PORT));
            Inbox inbox = lab.closeLater(Inbox.start(master, SMTP_PORT));
            WebhookReceiver hooks = lab.closeLater(WebhookReceiver.start(master, HOOK_PORT));
            Path notifyLog = lab.dir().resolve("notify.log");
            Path recorder = recorder(lab, notifyLog);

            KeepwatchProcess m = lab.keepwatch(master, "lb-master", config("lb-master", 150, true, recorder));
            masterView.awaitPresent("eth0", VIP, MOVE);
            KeepwatchProcess b = lab.keepwatch(backup, "lb-backup", config("lb-backup", 100, false, recorder));
            b.awaitLog("\\(VI_1\\) Entering BACKUP STATE.* -> BACKUP", MOVE);
            assertThat(m.log()).as("plugins load and global_defs is read without complaint")
                    .contains("plugin check-http", "plugin notify-smtp", "plugin notify-webhook").doesNotContain("unknown keyword", "not loaded");

            masterHealth.answer(500);
            backupView.awaitPresent("eth0", VIP, MOVE);
            masterView.awaitAbsent("eth0", VIP, MOVE);
            m.awaitLog("check web is now DOWN", MOVE);

            masterHealth.answer(200);
            masterView.awaitPresent("eth0", VIP, MOVE);
            backupView.awaitAbsent("eth0", VIP, MOVE);
            m.awaitLog("BACKUP -> MASTER: preempting", MOVE);
            // The stop drains the notifier queues only briefly; the recovery's notifications go out first.
            inbox.awaitSubjects(4, NOTIFY);
            Deadline.await("8 notify script lines", NOTIFY, () -> lines(notifyLog).size() >= 8);

            m.signal("TERM");
            assertThat(m.awaitExit(MOVE)).as(m.log()).isZero();
            backupView.awaitPresent("eth0", VIP, MOVE);

            // As keepalived does with state MASTER, the instance starts in BACKUP for one advert
            // interval, and becomes master when no master is heard.
            assertThat(inbox.awaitSubjects(5, NOTIFY)).as(m.log()).containsExactly(
                    "[lb-master] VRRP Instance VI_1 - Entering BACKUP state",
                    "[lb-master] VRRP Instance VI_1 - Entering MASTER state",
                    "[lb-master] VRRP Instance VI_1 - Entering BACKUP state",
                    "[lb-master] VRRP Instance VI_1 - Entering MASTER state",
                    "[lb-master] VRRP Instance VI_1 - Stopping");

            List<RecordedRequest> deliveries = hooks.take(5, NOTIFY.toSeconds());
            assertThat(deliveries).extracting(r -> field(r, "new_state"))
                    .containsExactly("BACKUP", "MASTER", "BACKUP", "MASTER", "STOP");
            assertThat(deliveries).extracting(r -> field(r, "old_state"))
                    .containsExactly("INIT", "BACKUP", "MASTER", "BACKUP", "MASTER");
            for (RecordedRequest r : deliveries) {
                assertThat(r.getTarget()).isEqualTo("/hook");
                assertThat(field(r, "name")).isEqualTo("VI_1");
                assertThat(field(r, "router_id")).isEqualTo("lb-master");
                assertThat(r.getHeaders().get("X-Keepwatch-Signature")).as("HMAC-SHA256 of the body")
                        .isEqualTo("sha256=" + hmac(SECRET, r.getBody().toByteArray()));
            }

            Deadline.await("10 notify script lines", NOTIFY, () -> lines(notifyLog).size() >= 10);
            assertThat(lines(notifyLog)).as("keepalived's notify scripts, specific first then notify").containsExactly(
                    "notify_backup",
                    "notify INSTANCE VI_1 BACKUP 150",
                    "notify_master",
                    "notify INSTANCE VI_1 MASTER 150",
                    "notify_backup",
                    "notify INSTANCE VI_1 BACKUP 90",
                    "notify_master",
                    "notify INSTANCE VI_1 MASTER 150",
                    "notify_stop",
                    "notify INSTANCE VI_1 STOP 150");
        }
    }

    /** A script that appends its arguments to {@code out}: what keepalived's notify scripts were given. */
    private static Path recorder(Lab lab, Path out) throws Exception {
        Path script = lab.write("record.sh", "#!/bin/sh\necho \"$*\" >> '" + out + "'\n");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
        return script;
    }

    /** One host's configuration; only the master sends mail and webhooks and runs notify scripts. */
    private static String config(String routerId, int priority, boolean notifies, Path recorder) {
        String notify = !notifies ? "" : """
                  notify_master "%1$s notify_master"
                  notify_backup "%1$s notify_backup"
                  notify_fault "%1$s notify_fault"
                  notify_stop "%1$s notify_stop"
                  notify "%1$s notify"
                """.formatted(recorder);
        String mail = !notifies ? "" : """
                  notification_email {
                    ops@example.com
                  }
                  notification_email_from keepwatch@%s.example
                  smtp_server 127.0.0.1 %d
                  smtp_connect_timeout 5
                  smtp_alert
                  smtp_retries 1
                  smtp_tls_verify off
                """.formatted(routerId, SMTP_PORT);
        String hook = !notifies ? "" : """
                vrrp_notifier hook {
                  type webhook
                  url http://127.0.0.1:%d/hook
                  secret %s
                }
                """.formatted(HOOK_PORT, SECRET);
        return """
                global_defs {
                  router_id %s
                %s}
                vrrp_check web {
                  type http
                  url http://127.0.0.1:%d/health
                  interval 0.2
                  timeout 1
                  fall 2
                  rise 2
                  weight -60
                }
                %s
                vrrp_instance VI_1 {
                  state %s
                  interface eth0
                  virtual_router_id 51
                  priority %d
                  version 3
                  advert_int 0.1
                  virtual_ipaddress {
                    10.78.0.100/24
                  }
                  track_script {
                    web
                  }
                %s}
                """.formatted(routerId, mail, HEALTH_PORT, hook, priority == 150 ? "MASTER" : "BACKUP", priority,
                notify);
    }

    private static final Pattern FIELD = Pattern.compile("\"(\\w+)\":(\"([^\"]*)\"|[^,}]*)");

    /** A top-level string or number field of the webhook's JSON body. */
    private static String field(RecordedRequest r, String name) {
        Matcher matcher = FIELD.matcher(r.getBody().utf8());
        while (matcher.find()) {
            if (matcher.group(1).equals(name)) {
                return matcher.group(3) != null ? matcher.group(3) : matcher.group(2);
            }
        }
        throw new AssertionError("no field " + name + " in " + r.getBody().utf8());
    }

    private static String hmac(String secret, byte[] body) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return HexFormat.of().formatHex(mac.doFinal(body));
    }

    private static List<String> lines(Path file) {
        try {
            return Files.exists(file) ? Files.readAllLines(file) : List.of();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
