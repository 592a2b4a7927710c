package io.keepwatch.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.keepwatch.testing.Deadline;
import io.keepwatch.testing.KeepalivedProcess;
import io.keepwatch.testing.KeepwatchProcess;
import io.keepwatch.testing.NetNs;
import io.keepwatch.testing.RequiresNetns;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * A keepwatch master and a keepalived backup, both with use_vmac: a third host on the LAN resolves
 * the VIP to the virtual router MAC, the master's adverts leave from that MAC, and when keepwatch
 * stops and keepalived takes over, the third host's neighbour entry keeps the same MAC (RFC 5798
 * section 7.3: hosts need not learn anything new on failover).
 */
@RequiresNetns
class VmacInteropTest {

    private static final String VIP = "10.77.0.100";
    private static final String VIRTUAL_MAC = "00:00:5e:00:01:2a";
    private static final Duration WAIT = Duration.ofSeconds(20);

    private static String config(int priority) {
        return VrrpConf.v3("VI_1", 42, priority).line("use_vmac").vip(VIP + "/24").file("r" + priority);
    }

    /** The MAC of {@code host}'s neighbour entry for the VIP; empty while there is none resolved. */
    private static String neighbour(NetNs.Namespace host) {
        return host.exec("ip", "neigh", "show", VIP, "dev", "eth0");
    }

    /**
     * Sends a datagram to the VIP (to the discard port), which makes the kernel resolve it by ARP
     * when it has no entry; the entry holds a MAC only once the VIP's holder answered.
     */
    private static void poke(NetNs.Namespace host) {
        host.exec("bash", "-c", "echo vmac > /dev/udp/" + VIP + "/9");
    }

    private static void awaitResolved(NetNs.Namespace host) throws InterruptedException {
        Deadline.await("the VIP resolved to " + VIRTUAL_MAC + " on " + host, WAIT, () -> {
            poke(host);
            return neighbour(host).contains("lladdr " + VIRTUAL_MAC);
        });
    }

    @Test
    void theVipKeepsTheVirtualMacAcrossAFailoverToKeepalived() throws Exception {
        if (!KeepalivedProcess.available()) {
            if ("true".equals(System.getenv("CI"))) {
                throw new AssertionError("keepalived is not installed, and CI=true forbids skipping interoperability");
            }
            Assumptions.abort("keepalived is not installed");
        }
        Tshark.require();
        try (Lan lan = Lan.create("vmaci", 3)) {
            Lan.Host kw = lan.host(1), ka = lan.host(2), observer = lan.host(3);
            InetAddress vip = InetAddress.ofLiteral(VIP);
            KeepwatchProcess ours = lan.keepwatch(kw, config(200));
            KeepalivedProcess theirs = lan.keepalived(ka, config(100));
            lan.awaitOnlyHolder(kw, vip, Lan.START_UP);
            theirs.awaitLog("\\(VI_1\\) Entering BACKUP STATE", Lan.START_UP);
            assertThat(ka.ns().exec("ip", "-d", "link", "show", "vrrp.42")).contains("link/ether " + VIRTUAL_MAC)
                    .contains("macvlan mode private");

            // the master's adverts leave from the virtual MAC (the capture runs before they are looked for)
            Tshark capture = Tshark.capture(lan, observer.ns().name(), "eth0", "adverts");
            capture.awaitCaptured("vrrp && ip.src == 10.77.0.1", WAIT);
            Path pcap = capture.stop(WAIT);
            List<List<String>> sources = Tshark.fields(pcap, "vrrp && ip.src == 10.77.0.1", "eth.src");
            assertThat(sources).isNotEmpty().allSatisfy(f -> assertThat(f).containsExactly(VIRTUAL_MAC));

            awaitResolved(observer.ns());

            // keepwatch stops; keepalived takes the VIP over on its own VMAC, with the same MAC
            ours.signal("TERM");
            assertThat(ours.awaitExit(WAIT)).isZero();
            lan.awaitOnlyHolder(ka, vip, WAIT);
            theirs.awaitLog("\\(VI_1\\) Entering MASTER STATE", WAIT);
            assertThat(neighbour(observer.ns())).contains("lladdr " + VIRTUAL_MAC);

            // asked afresh, keepalived's VMAC answers with the same MAC
            observer.ns().exec("ip", "neigh", "flush", "dev", "eth0");
            awaitResolved(observer.ns());
            assertThat(kw.ns().exec("ip", "-o", "link", "show")).doesNotContain("vrrp.42");
        }
    }
}
