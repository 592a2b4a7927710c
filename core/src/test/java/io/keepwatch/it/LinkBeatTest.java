package io.keepwatch.it;

import io.keepwatch.testing.KeepwatchProcess;
import io.keepwatch.testing.RequiresNetns;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * linkbeat_interfaces and linkbeat_use_polling: the carrier of a polled interface is read every
 * second (SIOCGIFFLAGS), and a change is what keepalived logs ("Linkbeat reports IF down") and
 * acts on: an instance that tracks the interface, or runs on it, goes to FAULT while it is down.
 */
@RequiresNetns
class LinkBeatTest {
    private static final Duration WAIT = Duration.ofSeconds(20);

    @Test
    void aPolledTrackedInterfaceLosingItsCarrierSendsTheInstanceToFault() throws Exception {
        try (Lan lan = Lan.create("itlinkbeat", 1)) {
            Lan.Host host = lan.host(1);
            // the far end of a veth pair down takes uplink0's carrier away, like a pulled cable
            host.ns().exec("ip", "link", "add", "uplink0", "type", "veth", "peer", "name", "uplink1");
            host.ns().linkUp("uplink0");
            host.ns().linkUp("uplink1");
            String file = "linkbeat_interfaces {\n  uplink0 IOCTL\n}\n"
                    + VrrpConf.v3("VI_1", 51, 200).vip("10.77.0.100/24").line("track_interface {\n    uplink0\n  }")
                            .file("m");
            KeepwatchProcess daemon = lan.keepwatch(host, file);
            daemon.awaitLog("\\(VI_1\\) Entering MASTER STATE", WAIT);
            daemon.awaitLog("Using MII-BMSR/ETHTOOL NIC polling thread", WAIT);
            daemon.awaitLog("Linkbeat polls uplink0: up", WAIT);

            host.ns().linkDown("uplink1");
            daemon.awaitLog("Linkbeat reports uplink0 down", WAIT);
            daemon.awaitLog("MASTER -> FAULT", WAIT);

            host.ns().linkUp("uplink1");
            daemon.awaitLog("Linkbeat reports uplink0 up", WAIT);
            daemon.awaitLog("FAULT -> BACKUP", WAIT);
        }
    }

    @Test
    void linkbeatUsePollingPollsTheInstancesInterface() throws Exception {
        try (Lan lan = Lan.create("itlinkbeat", 1)) {
            Lan.Host host = lan.host(1);
            String file = "linkbeat_use_polling\n" + VrrpConf.v3("VI_1", 51, 200).vip("10.77.0.100/24").file("m");
            KeepwatchProcess daemon = lan.keepwatch(host, file);
            daemon.awaitLog("\\(VI_1\\) Entering MASTER STATE", WAIT);
            daemon.awaitLog("Linkbeat polls eth0: up", WAIT);

            lan.cut(host);
            daemon.awaitLog("Linkbeat reports eth0 down", WAIT);
            daemon.awaitLog("MASTER -> FAULT", WAIT);
        }
    }
}
