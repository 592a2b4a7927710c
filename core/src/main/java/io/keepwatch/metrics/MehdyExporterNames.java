package io.keepwatch.metrics;

import io.keepwatch.config.model.AddressText;
import io.keepwatch.runtime.InstanceStatus;
import io.keepwatch.vrrp.AddressFamily;
import io.keepwatch.vrrp.VirtualAddress;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * mehdy/keepalived-exporter's names, labels and values. That exporter reads keepalived's SIGUSR1 and
 * SIGUSR2 dumps; each value here is what it would read from keepalived's dump of the same instance:
 *
 * <ul>
 * <li>{@code keepalived_vrrp_state{iname,intf,vrid,ip_address}}: one series per virtual address, with
 *     {@code ip_address} as keepalived prints it (the prefix length unless /32 or /128) and {@code intf}
 *     the third word of keepalived's address line: the address's device, or its broadcast address when
 *     it has {@code brd}; an instance without addresses has one series with its interface and
 *     {@code ip_address=""}. {@code keepalived_vrrp_excluded_state}: the same for excluded addresses.</li>
 * <li>the counters of {@link KeepalivedStat} and {@code keepalived_gratuitous_arp_delay_total} (the
 *     configured {@code garp_master_delay} in whole seconds, a counter only by that exporter's
 *     declaration), labelled {@code iname}, {@code intf} (the instance's interface), {@code vrid};</li>
 * <li>{@code keepalived_script_status{name}} (1 GOOD, 0 BAD) and {@code keepalived_script_state{name}}
 *     (0 idle, 1 running, 2 requested termination) per script;</li>
 * <li>{@code keepalived_exporter_build_info}, labelled as Go programs label it, with keepwatch's
 *     version and the Java runtime's.</li>
 * </ul>
 */
final class MehdyExporterNames {

    /** A VRRP script: its status after rise/fall, and keepalived's number for its run state. */
    record Script(String name, boolean good, int state) {}

    private MehdyExporterNames() {}

    static List<MetricSnapshot> snapshots(List<InstanceStatus> instances,
                                          Function<String, InstanceCounters> counters, List<Script> scripts) {
        List<MetricSnapshot> out = new ArrayList<>();
        Family.addTo(out, buildInfo());
        Family state = new Family("keepalived_vrrp_state", "State of vrrp", Family.Type.GAUGE);
        Family excluded = new Family("keepalived_vrrp_excluded_state", "State of vrrp with excluded VIP",
                Family.Type.GAUGE);
        Family garpDelay = new Family("keepalived_gratuitous_arp_delay", "Gratuitous ARP delay", Family.Type.COUNTER);
        List<Family> stats = new ArrayList<>();
        for (KeepalivedStat stat : KeepalivedStat.values()) {
            stats.add(new Family(stat.mehdyName(), stat.help(), Family.Type.COUNTER));
        }
        for (InstanceStatus s : instances) {
            String vrid = Integer.toString(s.vrid());
            double number = VrrpMeters.stateNumber(s.state());
            for (VirtualAddress vip : s.vips()) {
                state.add(number, "iname", s.name(), "intf", thirdWord(s, vip), "vrid", vrid,
                        "ip_address", ipAddress(vip));
            }
            if (s.vips().isEmpty()) {
                state.add(number, "iname", s.name(), "intf", s.interfaceName(), "vrid", vrid, "ip_address", "");
            }
            for (VirtualAddress vip : s.excludedVips()) {
                excluded.add(number, "iname", s.name(), "intf", thirdWord(s, vip), "vrid", vrid,
                        "ip_address", ipAddress(vip));
            }
            garpDelay.add(s.garpMasterDelay().toSeconds(), "iname", s.name(), "intf", s.interfaceName(), "vrid", vrid);
            InstanceCounters c = counters.apply(s.name());
            for (KeepalivedStat stat : KeepalivedStat.values()) {
                stats.get(stat.ordinal()).add(stat.of(c), "iname", s.name(), "intf", s.interfaceName(), "vrid", vrid);
            }
        }
        Family.addTo(out, state);
        Family.addTo(out, excluded);
        Family.addTo(out, garpDelay);
        stats.forEach(f -> Family.addTo(out, f));
        Family status = new Family("keepalived_script_status", "Tracker Script Status", Family.Type.GAUGE);
        Family runState = new Family("keepalived_script_state", "Tracker Script State", Family.Type.GAUGE);
        for (Script script : scripts) {
            status.add(script.good() ? 1 : 0, "name", script.name());
            runState.add(script.state(), "name", script.name());
        }
        Family.addTo(out, status);
        Family.addTo(out, runState);
        return out;
    }

    /** keepalived's text for an address: the literal, then {@code /LEN} unless the prefix is the full length. */
    static String ipAddress(VirtualAddress vip) {
        int full = vip.family() == AddressFamily.IPV4 ? 32 : 128;
        String literal = AddressText.of(vip.address());
        return vip.prefixLength() == full ? literal : literal + "/" + vip.prefixLength();
    }

    /** The exporter splits keepalived's "ADDR [brd BRD] dev DEV scope ..." line on blanks and takes the third word. */
    private static String thirdWord(InstanceStatus s, VirtualAddress vip) {
        InstanceStatus.Placement placement = s.placement(vip);
        if (vip.family() == AddressFamily.IPV4 && placement.broadcast().isPresent()) {
            return AddressText.of(placement.broadcast().get());
        }
        return placement.device();
    }

    private static Family buildInfo() {
        String version = MehdyExporterNames.class.getPackage().getImplementationVersion();
        String arch = System.getProperty("os.arch", "");
        return new Family("keepalived_exporter_build_info",
                "A metric with a constant '1' value labeled by version, revision, branch, goversion from which "
                        + "keepalived_exporter was built, and the goos and goarch for the build.", Family.Type.GAUGE)
                .add(1, "branch", "", "goarch", arch.equals("aarch64") ? "arm64" : arch.equals("x86_64") ? "amd64" : arch,
                        "goos", System.getProperty("os.name", "").toLowerCase(Locale.ROOT),
                        "goversion", "java" + Runtime.version(), "revision", "", "tags", "keepwatch",
                        "version", version != null ? version : "development");
    }
}
