package io.keepwatch.plugins.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.keepwatch.testing.AddressWatch;
import io.keepwatch.testing.Deadline;
import io.keepwatch.testing.KeepwatchProcess;
import io.keepwatch.testing.NetNs;
import io.keepwatch.testing.RequiresNetns;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A cable cut puts the master in FAULT: notify_fault and notify run, and with keepalived's
 * {@code no_email_faults} in global_defs the mail notifier stays silent for FAULT only.
 */
@RequiresNetns
class FaultNotificationsIT {

    private static final InetAddress VIP = InetAddress.ofLiteral("10.78.0.100");
    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    private static final int SMTP_PORT = 2525;

    @Test
    void faultRunsItsScriptsAndNoEmailFaultsSilencesItsMail() throws Exception {
        try (Lab lab = Lab.create("e2efault").withBundledPlugins()) {
            List<NetNs.Namespace> hosts = lab.twoHosts();
            NetNs.Namespace host = hosts.get(0);
            NetNs.Namespace peer = hosts.get(1);
            AddressWatch view = lab.watch(host);
            Inbox inbox = lab.closeLater(Inbox.start(host, SMTP_PORT));
            Path out = lab.dir().resolve("notify.log");
            Path rec = lab.write("record.sh", "#!/bin/sh\necho \"$*\" >> '" + out + "'\n");
            Files.setPosixFilePermissions(rec, PosixFilePermissions.fromString("rwxr-xr-x"));

            KeepwatchProcess d = lab.keepwatch(host, "lb1", """
                    global_defs {
                      router_id lb1
                      notification_email {
                        ops@example.com
                      }
                      notification_email_from keepwatch@lb1.example
                      smtp_server 127.0.0.1 %2$d
                      smtp_alert
                      no_email_faults
                    }
                    vrrp_instance VI_1 {
                      state MASTER
                      interface eth0
                      virtual_router_id 51
                      priority 150
                      version 3
                      advert_int 0.1
                      virtual_ipaddress {
                        10.78.0.100/24
                      }
                      notify_master "%1$s notify_master"
                      notify_backup "%1$s notify_backup"
                      notify_fault "%1$s notify_fault"
                      notify_stop "%1$s notify_stop"
                      notify "%1$s notify"
                    }
                    """.formatted(rec, SMTP_PORT));
            view.awaitPresent("eth0", VIP, TIMEOUT);
            inbox.awaitSubjects(2, TIMEOUT);

            peer.linkDown("eth0");
            d.awaitLog("\\(VI_1\\) Entering FAULT STATE - MASTER -> FAULT", TIMEOUT);
            view.awaitAbsent("eth0", VIP, TIMEOUT);
            peer.linkUp("eth0");
            view.awaitPresent("eth0", VIP, TIMEOUT);
            Deadline.await("notify scripts up to the second MASTER", TIMEOUT,
                    () -> lines(out).stream().filter(l -> l.equals("notify_master")).count() == 2);

            d.signal("TERM");
            assertThat(d.awaitExit(TIMEOUT)).as(d.log()).isZero();
            Deadline.await("notify_stop", TIMEOUT, () -> lines(out).contains("notify INSTANCE VI_1 STOP 150"));

            assertThat(lines(out)).as(d.log()).containsExactly(
                    "notify_backup", "notify INSTANCE VI_1 BACKUP 150",
                    "notify_master", "notify INSTANCE VI_1 MASTER 150",
                    "notify_fault", "notify INSTANCE VI_1 FAULT 150",
                    "notify_backup", "notify INSTANCE VI_1 BACKUP 150",
                    "notify_master", "notify INSTANCE VI_1 MASTER 150",
                    "notify_stop", "notify INSTANCE VI_1 STOP 150");
            assertThat(inbox.awaitSubjects(5, TIMEOUT)).as("no mail for FAULT").containsExactly(
                    "[lb1] VRRP Instance VI_1 - Entering BACKUP state",
                    "[lb1] VRRP Instance VI_1 - Entering MASTER state",
                    "[lb1] VRRP Instance VI_1 - Entering BACKUP state",
                    "[lb1] VRRP Instance VI_1 - Entering MASTER state",
                    "[lb1] VRRP Instance VI_1 - Stopping");
            assertThat(d.log()).doesNotContain("unknown keyword");
        }
    }

    private static List<String> lines(Path file) {
        try {
            return Files.exists(file) ? Files.readAllLines(file) : List.of();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
