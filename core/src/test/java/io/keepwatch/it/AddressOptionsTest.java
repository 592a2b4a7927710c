package io.keepwatch.it;

import io.keepwatch.testing.Deadline;
import io.keepwatch.testing.KeepwatchProcess;
import io.keepwatch.testing.RequiresNetns;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The ip-address options of virtual_ipaddress lines reach the kernel as keepalived sends them
 * ({@code ip addr show}): noprefixroute, home, an IPv6 /128 deprecated unless preferred_lft says
 * otherwise, DAD skipped for IPv6 unless -nodad.
 */
@RequiresNetns
class AddressOptionsTest {

    static boolean optionsShown(Lan.Host h1) {
        String v4 = h1.ns().exec("ip", "-4", "addr", "show", "dev", "eth0");
        String v6 = h1.ns().exec("ip", "-6", "addr", "show", "dev", "eth0");
        String v6102 = block(v6, "2001:db8:77::102/128");
        return v4.contains("inet 10.77.0.100/24 scope global secondary noprefixroute eth0")
                && block(v6, "2001:db8:77::100/128").matches("scope global nodad deprecated valid_lft forever preferred_lft 0sec")
                && block(v6, "2001:db8:77::101/64").matches("scope global nodad home valid_lft forever preferred_lft \\d+sec")
                && v6102.startsWith("scope global") && !v6102.contains("nodad")
                && v6102.endsWith("valid_lft forever preferred_lft forever");
    }

    /** The words after {@code address} in {@code ip addr show} and on its lifetime line, blanks squeezed. */
    static String block(String ipAddr, String address) {
        int at = ipAddr.indexOf(address + " ");
        if (at < 0) {
            return "";
        }
        String[] lines = ipAddr.substring(at + address.length() + 1).split("\n", 3);
        return (lines[0] + " " + (lines.length > 1 ? lines[1] : "")).trim().replaceAll("\\s+", " ");
    }

    @Test
    void optionsShowInTheKernel() throws Exception {
        try (Lan lan = Lan.create("itaopt", 1)) {
            Lan.Host h1 = lan.host(1);
            KeepwatchProcess daemon = lan.keepwatch(h1, VrrpConf.v3("VI_1", 51, 255).set("state", "MASTER")
                    .vip("10.77.0.100/24 noprefixroute")
                    .line("virtual_ipaddress_excluded {\n    2001:db8:77::100/128\n"
                            + "    2001:db8:77::101/64 home preferred_lft 100\n"
                            + "    2001:db8:77::102/128 preferred_lft forever -nodad\n  }")
                    .file("m"));
            daemon.awaitLog("-> MASTER", Lan.START_UP);
            Deadline deadline = Deadline.after(Duration.ofSeconds(20));
            while (!optionsShown(h1)) {
                if (deadline.passed()) {
                    throw new AssertionError("the options never showed; ip addr shows:\n"
                            + h1.ns().exec("ip", "addr", "show", "dev", "eth0") + "\n" + daemon.log());
                }
                deadline.pause();
            }
        }
    }
}
