package io.keepwatch.it;

import io.keepwatch.testing.KeepwatchProcess;
import io.keepwatch.testing.RequiresNetns;
import java.net.InetAddress;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * track_src_ip: while the source address the instance is configured with (mcast_src_ip here) is
 * missing from its interface, the instance is in FAULT, as keepalived has it.
 */
@RequiresNetns
class TrackSourceAddressTest {

    static final InetAddress VIP = InetAddress.ofLiteral("10.77.0.100");
    static final Duration WAIT = Duration.ofSeconds(20);

    @Test
    void theMasterIsInFaultWhileItsSourceAddressIsGone() throws Exception {
        try (Lan lan = Lan.create("ittsi", 2)) {
            Lan.Host master = lan.host(1), backup = lan.host(2);
            master.ns().addAddress("eth0", "10.77.0.11/24");
            KeepwatchProcess daemon = lan.keepwatch(master, VrrpConf.v3("VI_1", 51, 200).vip("10.77.0.100/24")
                    .line("mcast_src_ip 10.77.0.11").line("track_src_ip").file("m"));
            lan.keepwatch(backup, VrrpConf.v3("VI_1", 51, 100).vip("10.77.0.100/24").file("b"));
            lan.awaitOnlyHolder(master, VIP, WAIT);

            master.ns().exec("ip", "address", "del", "10.77.0.11/24", "dev", "eth0");
            lan.awaitOnlyHolder(backup, VIP, WAIT);
            daemon.awaitLog("MASTER -> FAULT", WAIT);

            master.ns().addAddress("eth0", "10.77.0.11/24");
            lan.awaitOnlyHolder(master, VIP, WAIT);
            daemon.awaitLog("FAULT -> BACKUP", WAIT);
        }
    }
}
