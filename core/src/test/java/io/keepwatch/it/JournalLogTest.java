package io.keepwatch.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.keepwatch.testing.KeepwatchProcess;
import io.keepwatch.testing.RequiresNetns;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The daemon's log as operators read it: started by systemd (JOURNAL_STREAM names its standard error)
 * each line carries its syslog priority for the journal, otherwise none; and the lines keepalived
 * users grep for (state changes, sync groups, the stop) read as keepalived's do.
 */
@RequiresNetns
class JournalLogTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(20);

    /**
     * An address owner in a sync group (MASTER at once), an instance whose interface is down (FAULT),
     * a vrrp_script no instance tracks (a warning) and a metrics address the host does not have (an error).
     */
    private static String config(Lan.Host host) {
        int n = host.number();
        return """
                global_defs {
                  router_id h%d
                  metrics_listen 192.0.2.1 9650
                }
                vrrp_script untracked {
                  script "/bin/true"
                }
                vrrp_sync_group G1 {
                  group {
                    VI_1
                  }
                }
                vrrp_instance VI_1 {
                  state MASTER
                  interface eth0
                  virtual_router_id 5%d
                  priority 255
                  advert_int 1
                  virtual_ipaddress {
                    10.77.0.10%d/24
                  }
                }
                vrrp_instance VI_2 {
                  state BACKUP
                  interface eth1
                  virtual_router_id 6%d
                  priority 100
                  advert_int 1
                  virtual_ipaddress {
                    10.77.1.10%d/24
                  }
                }
                """.formatted(n, n, n, n, n);
    }

    private static KeepwatchProcess start(Lan lan, Lan.Host host, boolean journal) throws Exception {
        // eth1: a link that stays down, so VI_2 starts in FAULT
        host.ns().exec("ip", "link", "add", "eth1", "type", "veth", "peer", "name", "eth1p");
        host.ns().exec("ip", "addr", "add", "10.77.1." + host.number() + "/24", "dev", "eth1");
        Path conf = lan.write(host.name() + ".conf", config(host));
        KeepwatchProcess daemon = journal
                ? KeepwatchProcess.startUnderJournal(host.ns().name(), conf)
                : KeepwatchProcess.start(host.ns().name(), conf);
        lan.track(daemon);
        return daemon;
    }

    /** Runs to the stop, then returns the log's lines that came from keepwatch's loggers. */
    private static List<String> loggedLines(KeepwatchProcess daemon) throws Exception {
        daemon.awaitLog("VRRP_Group\\(G1\\) Syncing instances to MASTER state", TIMEOUT);
        daemon.awaitLog("\\(VI_2\\) Entering FAULT STATE \\(init\\) - INIT -> FAULT", TIMEOUT);
        daemon.awaitLog("status and metrics endpoint not started", TIMEOUT);
        daemon.signal("TERM");
        assertThat(daemon.awaitExit(TIMEOUT)).as(daemon.log()).isZero();
        return daemon.log().lines().filter(l -> l.matches(".*\\[(TRACE|DEBUG|INFO|WARN|ERROR)] .*")).toList();
    }

    @Test
    void underSystemdEachLineCarriesItsPriorityAndTheWordsOfKeepalived() throws Exception {
        try (Lan lan = Lan.create("itjournal", 2)) {
            KeepwatchProcess journal = start(lan, lan.host(1), true);
            KeepwatchProcess plain = start(lan, lan.host(2), false);

            List<String> lines = loggedLines(journal);
            assertThat(lines).as(journal.log()).allSatisfy(line -> assertThat(line).matches(
                    "<3>\\[ERROR] .*|<4>\\[WARN] .*|<6>\\[INFO] .*|<7>\\[(DEBUG|TRACE)] .*"));
            assertThat(lines).contains("<6>[INFO] Daemon - Stopping")
                    .anyMatch(l -> l.startsWith("<6>[INFO] InstanceRuntime - (VI_1) Entering MASTER STATE - "
                            + "INIT -> MASTER: "))
                    .anyMatch(l -> l.startsWith("<6>[INFO] InstanceRuntime - VRRP_Group(G1) Syncing instances to "
                            + "MASTER state - VI_1: "))
                    .anyMatch(l -> l.startsWith("<6>[INFO] InstanceRuntime - (VI_2) Entering FAULT STATE (init) - "
                            + "INIT -> FAULT: "))
                    .anyMatch(l -> l.startsWith("<6>[INFO] Daemon - Stopped keepwatch "))
                    .anyMatch(l -> l.startsWith("<4>[WARN] CoreTrackers - vrrp_script untracked is not tracked"))
                    .anyMatch(l -> l.startsWith("<3>[ERROR] Observability - status and metrics endpoint not started "
                            + "on 192.0.2.1:9650"));

            List<String> plainLines = loggedLines(plain);
            assertThat(plainLines).as(plain.log()).isNotEmpty().allSatisfy(line -> assertThat(line)
                    .matches("\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d\\.\\d{3} \\[(DEBUG|INFO|WARN|ERROR)] .*"));
            assertThat(plain.log()).doesNotContain("<6>").doesNotContain("<3>")
                    .contains("[ERROR] Observability - status and metrics endpoint not started")
                    .contains("[INFO] InstanceRuntime - (VI_1) Entering MASTER STATE - INIT -> MASTER");
        }
    }
}
