package io.keepwatch.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.keepwatch.testing.KeepwatchProcess;
import io.keepwatch.testing.RequiresNetns;
import java.net.InetAddress;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * track_interface: when a tracked interface (not the VRRP one) goes down the instance goes to
 * FAULT, releasing its VIP, and the backup takes over; when it comes back the instance returns and
 * preempts.
 */
@RequiresNetns
class TrackInterfaceTest {

    static final InetAddress VIP = InetAddress.ofLiteral("10.77.0.100");

    @Test
    void aTrackedInterfaceGoingDownSendsTheMasterToFault() throws Exception {
        try (Lan lan = Lan.create("ittrk", 2)) {
            Lan.Host master = lan.host(1), backup = lan.host(2);
            // The uplink the master depends on: a veth pair inside the host; downing the far end
            // takes the carrier of uplink0 away, like a pulled cable.
            master.ns().exec("ip", "link", "add", "uplink0", "type", "veth", "peer", "name", "uplink1");
            master.ns().linkUp("uplink0");
            master.ns().linkUp("uplink1");
            KeepwatchProcess daemon = lan.keepwatch(master, VrrpConf.v3("VI_1", 51, 200).vip("10.77.0.100/24")
                    .line("track_interface {\n    uplink0\n  }").file("m"));
            lan.keepwatch(backup, VrrpConf.v3("VI_1", 51, 100).vip("10.77.0.100/24").file("b"));
            lan.awaitOnlyHolder(master, VIP, Lan.START_UP);

            master.ns().linkDown("uplink1");
            lan.awaitOnlyHolder(backup, VIP, Duration.ofSeconds(3));
            daemon.awaitLog("MASTER -> FAULT", Duration.ofSeconds(2));

            master.ns().linkUp("uplink1");
            lan.awaitOnlyHolder(master, VIP, Duration.ofSeconds(3));
            daemon.awaitLog("FAULT -> BACKUP", Duration.ofSeconds(2));
            assertThat(daemon.isAlive()).isTrue();
        }
    }
}
