package io.keepwatch.it;

import io.keepwatch.testing.KeepwatchProcess;
import io.keepwatch.testing.RequiresNetns;
import java.net.InetAddress;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * An instance whose interface is not ready when the daemon starts: down, or without an address
 * yet (DHCP has not answered). It waits in FAULT and starts as soon as the interface is usable.
 */
@RequiresNetns
class InterfaceLifecycleTest {

    static final InetAddress VIP = InetAddress.ofLiteral("10.77.0.100");

    private static String config() {
        return VrrpConf.v3("VI_1", 51, 200).vip("10.77.0.100/24").file("r");
    }

    @Test
    void anInstanceStartsWhenItsInterfaceGetsItsFirstAddress() throws Exception {
        try (Lan lan = Lan.create("itaddr", 1)) {
            Lan.Host host = lan.host(1);
            host.ns().exec("ip", "-4", "addr", "flush", "dev", "eth0");
            KeepwatchProcess daemon = lan.keepwatch(host, config());
            daemon.awaitLog("INIT -> FAULT", Lan.START_UP);
            host.ns().addAddress("eth0", host.ip() + "/24");
            lan.awaitOnlyHolder(host, VIP, Duration.ofSeconds(3));
        }
    }

    @Test
    void anInstanceStartsWhenItsInterfaceComesUp() throws Exception {
        try (Lan lan = Lan.create("itdown", 1)) {
            Lan.Host host = lan.host(1);
            host.ns().linkDown("eth0");
            KeepwatchProcess daemon = lan.keepwatch(host, config());
            daemon.awaitLog("INIT -> FAULT", Lan.START_UP);
            host.ns().linkUp("eth0");
            lan.awaitOnlyHolder(host, VIP, Duration.ofSeconds(3));
        }
    }

    /** An IPv6 instance needs the link-local address, which the kernel adds only after the link is up. */
    @Test
    void anIpv6InstanceStartsWhenItsInterfaceComesUpAndGetsItsLinkLocalAddress() throws Exception {
        InetAddress vip6 = InetAddress.ofLiteral("fd00:77::100");
        try (Lan lan = Lan.create("itdown6", 1)) {
            Lan.Host host = lan.host(1);
            host.ns().linkDown("eth0");
            KeepwatchProcess daemon = lan.keepwatch(host,
                    VrrpConf.v3("VI_6", 61, 200).vip("fd00:77::100/64").file("r"));
            daemon.awaitLog("INIT -> FAULT", Lan.START_UP);
            host.ns().linkUp("eth0");
            lan.awaitOnlyHolder(host, vip6, Duration.ofSeconds(3));
        }
    }
}
