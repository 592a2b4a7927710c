package io.keepwatch.differential;

import static org.assertj.core.api.Assertions.assertThat;

import io.keepwatch.testing.KeepalivedProcess;
import io.keepwatch.testing.KeepwatchProcess;
import io.keepwatch.testing.NetNs;
import io.keepwatch.testing.RequiresNetns;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A file that names an interface the host does not have: without {@code dynamic_interfaces},
 * keepalived 2.2.7 refuses it ({@code -t} fails, a start stops at once); with it, the file is
 * valid. keepwatch's {@code check-config} and {@code run} must agree, for every place keepalived
 * looks a name up (instance {@code interface} and {@code vrf}, track_interface, address {@code dev},
 * route {@code dev}, rule {@code iif}/{@code oif}, garp_group), each missing name reported at
 * keepalived's line.
 */
@RequiresNetns
class MissingInterfaceDifferentialTest {
    private static final Pattern KEEPALIVED_MISSING = Pattern.compile("Line (\\d+)\\) .*interface \\S+ .*doesn't exist");
    private static final Pattern KEEPWATCH_MISSING = Pattern.compile(":(\\d+): interface \\S+ of .* does not exist");

    @TempDir
    Path dir;

    /** What one program says of a file: whether it is valid, and the lines of its missing names. */
    private record Verdict(boolean valid, TreeSet<Integer> missingAt) {
    }

    private static String instance(String iface, String... lines) {
        return "vrrp_instance VI_1 {\n interface " + iface + "\n virtual_router_id 51\n priority 100\n"
                + " advert_int 1\n" + String.join("", lines) + " virtual_ipaddress {\n  10.81.0.100/24\n }\n}\n";
    }

    @Test
    void checkConfigRefusesAMissingInterfaceWhereKeepalivedDoes() throws Exception {
        List<String> cases = List.of(
                instance("eth0"),
                instance("kwmiss0"),
                "global_defs {\n dynamic_interfaces\n}\n" + instance("kwmiss0"),
                instance("eth0", " track_interface {\n  eth0\n  kwmiss1 weight 10\n }\n"),
                instance("eth0", " virtual_routes {\n  10.82.0.0/24 dev kwmiss2\n  10.83.0.0/24 dev eth0\n }\n"),
                instance("eth0", " virtual_rules {\n  from 10.84.0.0/24 table 100 iif kwmiss3\n }\n"),
                instance("eth0", " virtual_ipaddress_excluded {\n  10.85.0.1/24 dev kwmiss4\n }\n"),
                instance("eth0") + "static_routes {\n 10.86.0.0/24 dev kwmiss5\n}\n",
                instance("eth0") + "static_rules {\n from 10.87.0.0/24 table 100 oif kwmiss6\n}\n",
                instance("eth0") + "garp_group {\n garp_interval 1\n interface kwmiss7\n}\n",
                instance("eth0") + "vrrp_sync_group G {\n group {\n  VI_1\n }\n track_interface {\n  kwmiss8\n }\n}\n",
                "global_defs {\n dynamic_interfaces\n}\n" + instance("kwmiss0", " track_interface {\n  kwmiss1\n }\n"),
                // a VRF device (which this kernel may not even support) before the interface is looked up
                "vrrp_instance VI_1 {\n vrf kwvrf0\n interface eth0\n virtual_router_id 51\n}\n");
        try (NetNs lab = NetNs.create("misif")) {
            NetNs.Namespace host = lab.namespace("h");
            NetNs.Namespace peer = lab.namespace("p");
            lab.veth(host, "eth0", peer, "eth0");
            host.addAddress("eth0", "10.81.0.1/24");
            host.linkUp("eth0");
            List<String> differences = new ArrayList<>();
            for (String text : cases) {
                Path file = dir.resolve("t.conf");
                Files.writeString(file, text);
                Verdict expected = keepalived(host, file);
                Verdict actual = keepwatch(host, file);
                if (!expected.equals(actual)) {
                    differences.add(text + "  keepalived: " + expected + "\n  keepwatch:  " + actual);
                }
            }
            assertThat(differences).as("files judged differently").isEmpty();
        }
    }

    /** keepalived stops at start on such a file; keepwatch does not start either, and says where. */
    @Test
    void aStartWithAMissingInterfaceStopsAsKeepalivedDoes() throws Exception {
        Path file = dir.resolve("start.conf");
        Files.writeString(file, instance("kwmiss0"));
        try (NetNs lab = NetNs.create("misrun")) {
            NetNs.Namespace host = lab.namespace("h");
            try (KeepalivedProcess keepalived = KeepalivedProcess.start(host.name(), file)) {
                assertThat(keepalived.awaitExit(Duration.ofSeconds(20))).as(keepalived.log()).isNotZero();
                assertThat(keepalived.log()).contains("Non-existent interface specified in configuration");
            }
            try (KeepwatchProcess keepwatch = KeepwatchProcess.start(host.name(), file)) {
                assertThat(keepwatch.awaitExit(Duration.ofSeconds(20))).as(keepwatch.log()).isEqualTo(5);
                assertThat(keepwatch.log()).contains(file + ":2: interface kwmiss0 of vrrp_instance VI_1 does not exist");
            }
        }
    }

    private static Verdict keepalived(NetNs.Namespace host, Path file) throws Exception {
        Implementation.CheckResult check = Implementation.KEEPALIVED.checkConfig(host, "node1", file);
        return new Verdict(check.exit() == 0, lines(KEEPALIVED_MISSING, check.output()));
    }

    private static Verdict keepwatch(NetNs.Namespace host, Path file) throws Exception {
        Implementation.CheckResult check = Implementation.KEEPWATCH.checkConfig(host, "node1", file);
        return new Verdict(check.exit() == 0, lines(KEEPWATCH_MISSING, check.output()));
    }

    private static TreeSet<Integer> lines(Pattern pattern, String output) {
        TreeSet<Integer> lines = new TreeSet<>();
        Matcher m = pattern.matcher(output);
        while (m.find()) {
            lines.add(Integer.parseInt(m.group(1)));
        }
        return lines;
    }
}
