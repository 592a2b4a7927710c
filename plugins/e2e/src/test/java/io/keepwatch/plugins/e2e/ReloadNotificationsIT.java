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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.Test;

/**
 * Notifications of a sync group and of a reload: a group's events and notify scripts carry priority
 * 0, as keepalived's do; an instance a reload removes is DELETED (not STOP) for the notifiers, and,
 * without {@code notify_deleted}, FAULT for its notify scripts, as keepalived 2.2.7 keeps it (its
 * {@code notify_stop} does not run); the group's state carries over the reload.
 */
@RequiresNetns
class ReloadNotificationsIT {

    private static final InetAddress VIP1 = InetAddress.ofLiteral("10.78.0.100");
    private static final InetAddress VIP2 = InetAddress.ofLiteral("10.78.0.101");
    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    private static final int HOOK_PORT = 8081;

    @Test
    void groupEventsHavePriorityZeroAndAnInstanceRemovedByAReloadIsDeleted() throws Exception {
        try (Lab lab = Lab.create("e2ereload").withBundledPlugins()) {
            NetNs.Namespace host = lab.loneHost();
            AddressWatch view = lab.watch(host);
            WebhookReceiver hooks = lab.closeLater(WebhookReceiver.start(host, HOOK_PORT));
            Path out = lab.dir().resolve("notify.log");
            Path rec = lab.write("record.sh", "#!/bin/sh\necho \"$*\" >> '" + out + "'\n");
            Files.setPosixFilePermissions(rec, PosixFilePermissions.fromString("rwxr-xr-x"));

            KeepwatchProcess d = lab.keepwatch(host, "lb1", config(rec, true));
            view.awaitPresent("eth0", VIP1, TIMEOUT);
            view.awaitPresent("eth0", VIP2, TIMEOUT);
            List<RecordedRequest> started = hooks.take(6, TIMEOUT.toSeconds());

            lab.write("lb1.conf", config(rec, false));
            d.signal("HUP");
            d.awaitLog("reloaded ", TIMEOUT);
            view.awaitAbsent("eth0", VIP2, TIMEOUT);
            List<RecordedRequest> reloaded = hooks.take(1, TIMEOUT.toSeconds());

            d.signal("TERM");
            assertThat(d.awaitExit(TIMEOUT)).as(d.log()).isZero();
            List<RecordedRequest> stopped = hooks.take(2, TIMEOUT.toSeconds());

            Map<String, List<String>> states = new LinkedHashMap<>();
            for (List<RecordedRequest> batch : List.of(started, reloaded, stopped)) {
                for (RecordedRequest r : batch) {
                    states.computeIfAbsent(field(r, "scope") + " " + field(r, "name"), k -> new java.util.ArrayList<>())
                            .add(field(r, "new_state") + " " + field(r, "priority"));
                }
            }
            assertThat(states).as(d.log()).containsOnly(
                    Map.entry("instance VI_1", List.of("BACKUP 150", "MASTER 150", "STOP 150")),
                    Map.entry("group G", List.of("BACKUP 0", "MASTER 0", "STOP 0")),
                    Map.entry("instance VI_2", List.of("BACKUP 120", "MASTER 120", "DELETED 120")));

            Deadline.await("6 notify script lines (VI_1 has none)", TIMEOUT, () -> lines(out).size() >= 6);
            assertThat(lines(out).stream().filter(l -> l.contains("G") && !l.contains("VI_")))
                    .containsExactly("notify GROUP G BACKUP 0", "notify GROUP G MASTER 0", "notify GROUP G STOP 0");
            assertThat(lines(out).stream().filter(l -> l.contains("VI_2")))
                    .containsExactly("notify INSTANCE VI_2 BACKUP 120", "notify INSTANCE VI_2 MASTER 120",
                            "notify INSTANCE VI_2 FAULT 120");
        }
    }

    private static String config(Path rec, boolean withSecond) {
        String second = !withSecond ? "" : """
                vrrp_instance VI_2 {
                  state MASTER
                  interface eth0
                  virtual_router_id 52
                  priority 120
                  version 3
                  advert_int 0.1
                  virtual_ipaddress {
                    10.78.0.101/24
                  }
                  notify_stop "%1$s VI_2 stop"
                  notify "%1$s notify"
                }
                """.formatted(rec);
        return """
                global_defs {
                  router_id lb1
                }
                vrrp_notifier hook {
                  type webhook
                  url http://127.0.0.1:%2$d/hook
                }
                vrrp_sync_group G {
                  group {
                    VI_1
                  }
                  notify "%1$s notify"
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
                }
                %3$s""".formatted(rec, HOOK_PORT, second);
    }

    private static final Pattern FIELD = Pattern.compile("\"(\\w+)\":(\"([^\"]*)\"|[^,}]*)");

    private static String field(RecordedRequest r, String name) {
        Matcher matcher = FIELD.matcher(r.getBody().utf8());
        while (matcher.find()) {
            if (matcher.group(1).equals(name)) {
                return matcher.group(3) != null ? matcher.group(3) : matcher.group(2);
            }
        }
        throw new AssertionError("no field " + name + " in " + r.getBody().utf8());
    }

    private static List<String> lines(Path file) {
        try {
            return Files.exists(file) ? Files.readAllLines(file) : List.of();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
