package io.keepwatch.control;

import static org.assertj.core.api.Assertions.assertThat;

import io.keepwatch.metrics.StatusStore;
import io.keepwatch.runtime.InstanceStatus;
import io.keepwatch.runtime.SignalRelay;
import io.keepwatch.testing.Deadline;
import io.keepwatch.vrrp.VirtualAddress;
import io.keepwatch.vrrp.VrrpState;
import io.keepwatch.vrrp.codec.RejectReason;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The SIGUSR1/SIGUSR2 files keep keepalived's layout, which existing parsers read by indentation. */
class DumpsTest {

    @Test
    void stateAndStatsInKeepalivedsLayout(@TempDir Path dir) throws Exception {
        StatusStore statistics = new StatusStore();
        statistics.published(Snapshots.instance("VI_1", VrrpState.MASTER, 100));
        statistics.advertSent("VI_1", 100);
        statistics.advertSent("VI_1", 0);
        statistics.advertReceived("VI_1", 90, true);
        statistics.advertRejected("VI_1", RejectReason.LENGTH);
        statistics.advertRejected("VI_1", RejectReason.AUTH_TYPE_MISMATCH);
        Dumps dumps = new Dumps(statistics, dir.resolve("keepwatch.data"), dir.resolve("keepwatch.stats"),
                () -> ZoneOffset.UTC);

        String state = Files.readString(dumps.writeState());
        assertThat(state).contains("------< VRRP Topology >------\n VRRP Instance = VI_1\n")
                .contains("   State = MASTER\n")
                .contains("   Wantstate = MASTER\n")
                .contains("   Interface = eth0\n")
                .contains("   Virtual Router ID = 51\n")
                .contains("   Priority = 100\n")
                .contains("   Advert interval = 1 sec\n")
                .contains("   Last transition = " + Snapshots.T0.plusSeconds(4).getEpochSecond() + ".000000 (Wed Nov 25 10:00:04 2026)\n")
                .contains("   Virtual IP (1)\n     10.0.0.100/24 dev eth0 scope global\n");

        String stats = Files.readString(dumps.writeStats());
        assertThat(stats).isEqualTo("""
                VRRP Instance: VI_1
                  Advertisements:
                    Received: 1
                    Sent: 2
                  Became master: 0
                  Released master: 0
                  Packet Errors:
                    Length: 1
                    TTL: 0
                    Invalid Type: 0
                    Advertisement Interval: 0
                    Address List: 1
                  Authentication Errors:
                    Invalid Type: 0
                    Type Mismatch: 1
                    Failure: 0
                  Priority Zero:
                    Received: 0
                    Sent: 1
                """);
    }

    @Test
    void aVipWithItsOwnDeviceIsDumpedOnThatDevice(@TempDir Path dir) throws Exception {
        InstanceStatus s = Snapshots.instance("VI_1", VrrpState.MASTER, 100);
        VirtualAddress vip = s.vips().getFirst();
        InstanceStatus onEth1 = new InstanceStatus(s.name(), s.syncGroup(), s.interfaceName(), s.vrid(), s.version(),
                s.authType(), s.state(), s.wantState(), s.basePriority(), s.effectivePriority(),
                s.advertIntervalCentis(), s.preempt(), s.primaryAddress(), s.vips(), s.excludedVips(), s.trackers(),
                s.recentTransitions(), s.peers(), s.lastTransition(), s.garpMasterDelay(),
                Map.of(vip, new InstanceStatus.Placement("eth1", Optional.empty())));
        StatusStore statistics = new StatusStore();
        statistics.published(onEth1);
        Dumps dumps = new Dumps(statistics, dir.resolve("keepwatch.data"), dir.resolve("keepwatch.stats"),
                () -> ZoneOffset.UTC);

        assertThat(Files.readString(dumps.writeState()))
                .contains("   Virtual IP (1)\n     10.0.0.100/24 dev eth1 scope global\n");
    }

    @Test
    void aSignalWritesTheFile(@TempDir Path dir) throws Exception {
        StatusStore statistics = new StatusStore();
        statistics.published(Snapshots.instance("VI_1", VrrpState.BACKUP, 100));
        Path stats = dir.resolve("keepwatch.stats");
        new Dumps(statistics, dir.resolve("keepwatch.data"), stats, () -> ZoneOffset.UTC)
                .dumpRequested(SignalRelay.Request.DUMP_STATS);
        Deadline.await("stats file written", Duration.ofSeconds(5), () -> Files.exists(stats));
        assertThat(Files.readString(stats)).startsWith("VRRP Instance: VI_1\n");
    }
}
