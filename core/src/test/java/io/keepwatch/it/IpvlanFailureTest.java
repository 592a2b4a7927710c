package io.keepwatch.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.keepwatch.testing.KeepwatchProcess;
import io.keepwatch.testing.NamespacedProcess;
import io.keepwatch.testing.RequiresNetns;
import java.net.InetAddress;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * use_ipvlan where the ipvlan cannot be had. keepalived 2.2.7 asks the kernel for the link and, when
 * it is refused (a kernel without ipvlan support answers EOPNOTSUPP), logs it and keeps the instance
 * in FAULT. keepwatch, which runs no instance on an ipvlan, asks the same, names the reason (the
 * missing kernel support, or its own lack) and keeps the instance in FAULT too: the VIP is never
 * added and no link is left behind. On a kernel without ipvlan, keepalived is run on the same file
 * and must behave alike.
 */
@RequiresNetns
class IpvlanFailureTest {

    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final InetAddress VIP = InetAddress.ofLiteral("10.77.0.100");

    private static String config() {
        return VrrpConf.file("m", VrrpConf.v3("VI_1", 51, 200).set("advert_int", "0.5")
                .line("use_ipvlan ipvl0 10.77.0.50/24 private").vip("10.77.0.100/24"));
    }

    @Test
    void theInstanceWaitsInFaultWithTheReasonNamed() throws Exception {
        try (Lan lan = Lan.create("itipvl", 1)) {
            Lan.Host host = lan.host(1);
            boolean kernelHasIpvlan = kernelHasIpvlan(host);
            KeepwatchProcess daemon = lan.keepwatch(host, config());
            daemon.awaitLog(kernelHasIpvlan ? "does not run an instance on an ipvlan"
                    : "ipvlan ipvl0 on eth0 cannot be made: this kernel has no ipvlan support \\(CONFIG_IPVLAN\\)", WAIT);
            daemon.awaitLog("\\(VI_1\\) Entering FAULT STATE", WAIT);
            daemon.awaitLog("keepwatch running", WAIT);
            assertThat(lan.holders(VIP)).isEmpty();
            assertThat(host.ns().exec("ip", "-o", "link", "show")).doesNotContain("ipvl0");
            assertThat(daemon.log()).doesNotContain("MASTER STATE");
            daemon.close();

            if (!kernelHasIpvlan) {
                NamespacedProcess keepalived = lan.keepalived(host, config());
                keepalived.awaitLog("\\(VI_1\\): Unable to create ipvlan interface ipvl0", WAIT);
                keepalived.awaitLog("\\(VI_1\\) entering FAULT state", WAIT);
                keepalived.awaitLog("Startup complete", WAIT);
                assertThat(lan.holders(VIP)).isEmpty();
                assertThat(keepalived.log()).doesNotContain("MASTER STATE");
            }
        }
    }

    /** Whether this kernel makes an ipvlan (the link made to find out is deleted). */
    private static boolean kernelHasIpvlan(Lan.Host host) {
        try {
            host.ns().exec("ip", "link", "add", "link", "eth0", "name", "probe0", "type", "ipvlan", "mode", "l2");
        } catch (RuntimeException e) {
            return false;
        }
        host.ns().exec("ip", "link", "del", "probe0");
        return true;
    }
}
