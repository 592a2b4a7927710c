package io.keepwatch.differential;

import io.keepwatch.differential.Scenario.Aspect;
import java.time.Duration;
import java.util.Arrays;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Small files, one per rule that decides who is master or what goes on the wire, run under
 * keepalived and keepwatch on h1 then h2, with an event each. VRRPv3 with advert_int 0.1 unless
 * the rule needs VRRPv2, so that a scenario takes seconds.
 */
class ElectionRulesDifferentialTest extends DifferentialCorpus {

    private static final Duration FAST = Duration.ofMillis(100);
    /** Checks run every second: steps must stay unchanged longer than a check interval. */
    private static final Duration CHECKED = Duration.ofMillis(500);

    static final String WARNINGS_EXIT = "keepwatch check-config exits 0 when a file has warnings only, since both"
            + " daemons run such a file; keepalived -t exits 5 for any warning and 6 when scripts would run without"
            + " enable_script_security";
    static final String PEERS_ON_ONE_LINE = "keepwatch refuses a unicast_peer line with a second address; keepalived"
            + " reports the line as an error too, then runs with the first address only, so the second peer silently"
            + " gets no adverts";
    private static final String ADDRESS_LISTS = "keepwatch accepts an advert whose address list differs from its own"
            + " and counts it, as keepalived does since 2.3.3; keepalived 2.2.7 drops it, so a file changed and"
            + " reloaded on one host only makes both hosts master";

    /**
     * An instance on eth0, VRRPv3 with advert_int 0.1 unless {@code lines} set the version (and then
     * the interval), with VIP 192.168.200.VRID/24 unless {@code lines} give addresses.
     */
    static String instance(String name, int vrid, int priority, String... lines) {
        String body = Arrays.stream(lines).map(l -> "    " + l + "\n").collect(Collectors.joining());
        String vips = body.contains("virtual_ipaddress") ? ""
                : "    virtual_ipaddress {\n        192.168.200." + vrid + "/24\n    }\n";
        String version = body.contains("version ") ? "" : "    version 3\n    advert_int 0.1\n";
        return "vrrp_instance " + name + " {\n    interface eth0\n" + version
                + "    virtual_router_id " + vrid + "\n    priority " + priority + "\n" + body + vips + "}\n";
    }

    /** A check that fails once {@link Event.CheckFails} happened on the host. */
    static String check(String name, String... lines) {
        String body = Arrays.stream(lines).map(l -> "    " + l + "\n").collect(Collectors.joining());
        return "vrrp_script " + name + " {\n    script \"/usr/bin/test ! -e " + Scenario.CHECK_FAILED + "\"\n"
                + "    interval 1\n    fall 1\n    rise 1\n" + body + "}\n";
    }

    static Stream<Scenario> rules() {
        return Stream.of(
                Scenario.perHost("track_interface naming its own interface with a weight",
                                "h1", instance("VI_1", 61, 150, "track_interface {\n        eth0 weight 50\n    }"),
                                "h2", instance("VI_1", 61, 180))
                        .advertInterval(FAST)
                        .then(new Event.LinkDown("h2", "eth0"))
                        .differs("check-config", Aspect.CONFIG_CHECK, WARNINGS_EXIT),

                Scenario.perHost("auth_type AH",
                                "h1", instance("VI_1", 62, 150, "version 2", "advert_int 1",
                                        "authentication {\n        auth_type AH\n        auth_pass s3cret\n    }"),
                                "h2", instance("VI_1", 62, 100, "version 2", "advert_int 1",
                                        "authentication {\n        auth_type AH\n        auth_pass s3cret\n    }"))
                        .then(new Event.Kill("h1")),

                Scenario.perHost("track_script weights, reverse",
                                "h1", check("chk") + instance("VI_1", 63, 150, "track_script {\n        chk weight 20 reverse\n    }"),
                                "h2", check("chk") + instance("VI_1", 63, 140, "track_script {\n        chk weight 20\n    }"))
                        .advertInterval(CHECKED)
                        .then(new Event.CheckFails("h1"))
                        .then(new Event.CheckFails("h2"))
                        .differs("check-config", Aspect.CONFIG_CHECK, WARNINGS_EXIT),

                Scenario.perHost("weight defaults: a script's own weight, an interface without weight",
                                "h1", check("chk", "weight -60") + instance("VI_1", 64, 150,
                                        "track_script {\n        chk\n    }", "track_interface {\n        eth2\n        eth3 weight -60\n    }"),
                                "h2", instance("VI_1", 64, 100))
                        .advertInterval(CHECKED)
                        .then(new Event.CheckFails("h1"))
                        .then(new Event.LinkDown("h1", "eth2"))
                        .differs("check-config", Aspect.CONFIG_CHECK, WARNINGS_EXIT),

                Scenario.perHost("interface weights and FAULT",
                                "h1", instance("VI_1", 65, 150, "track_interface {\n        eth2\n        eth3 weight -60\n    }"),
                                "h2", instance("VI_1", 65, 100))
                        .advertInterval(FAST)
                        .then(new Event.LinkDown("h1", "eth3"))
                        .then(new Event.LinkDown("h1", "eth2")),

                Scenario.perHost("sync group with global_tracking",
                                "h1", syncGroup(150), "h2", syncGroup(100))
                        .advertInterval(FAST)
                        .then(new Event.LinkDown("h1", "eth2"))
                        .differs("check-config", Aspect.CONFIG_CHECK, WARNINGS_EXIT),

                Scenario.perHost("priority 255 owner in state BACKUP",
                                "h1", instance("VI_1", 66, 100),
                                "h2", instance("VI_1", 66, 255))
                        .advertInterval(FAST)
                        .then(new Event.Kill("h2")),

                Scenario.perHost("nopreempt with state MASTER",
                                "h1", instance("VI_1", 67, 100),
                                "h2", instance("VI_1", 67, 150, "state MASTER", "nopreempt"))
                        .advertInterval(FAST)
                        .then(new Event.Kill("h1"))
                        .differs("check-config", Aspect.CONFIG_CHECK, WARNINGS_EXIT),

                // Bounds the adverts meet. A bound that drops them makes two masters by design, and
                // which of two masters' unicast adverts an observer catches last is timing, not
                // behaviour; dropping is covered by VrrpDecoderRejectionTest.unicastPeerTtlRange.
                Scenario.perHost("unicast: prefixes and TTL bounds",
                                "h1", instance("VI_1", 68, 150, "unicast_src_ip 192.168.200.1/24",
                                        "unicast_peer {\n        192.168.200.2/24 min_ttl 250 max_ttl 255\n        192.168.200.3\n    }"),
                                "h2", instance("VI_1", 68, 100, "unicast_src_ip 192.168.200.2",
                                        "unicast_peer {\n        192.168.200.1 min_ttl 255 max_ttl 255\n    }"))
                        .advertInterval(FAST)
                        .then(new Event.Kill("h1")),

                Scenario.of("two unicast peers on one line",
                                instance("VI_1", 77, 150, "unicast_peer {\n        192.168.200.3 192.168.200.2\n    }"), "h1")
                        .advertInterval(FAST)
                        .differs("*", Aspect.ADDRESSES, PEERS_ON_ONE_LINE)
                        .differs("*", Aspect.STATES, PEERS_ON_ONE_LINE)
                        .differs("*", Aspect.ADVERTS, PEERS_ON_ONE_LINE),

                Scenario.of("a dev VIP removed by reload",
                                instance("VI_1", 69, 150,
                                        "virtual_ipaddress {\n        192.168.200.69/24\n        192.168.201.69/24 dev eth1\n    }"),
                                "h1")
                        .advertInterval(FAST)
                        .thenReload("without the dev VIP", t -> t.replace("        192.168.201.69/24 dev eth1\n", "")),

                Scenario.perHost("address lists differ after a reload on one host",
                                "h1", instance("VI_1", 70, 150, "virtual_ipaddress {\n        192.168.200.70/24\n        192.168.200.71/24\n    }"),
                                "h2", instance("VI_1", 70, 100, "virtual_ipaddress {\n        192.168.200.70/24\n        192.168.200.71/24\n    }"))
                        .advertInterval(FAST)
                        .thenReload("without 192.168.200.71", t -> t.replace("        192.168.200.71/24\n", ""), "h1")
                        .differs("reload h1 without 192.168.200.71", Aspect.STATES, ADDRESS_LISTS)
                        .differs("reload h1 without 192.168.200.71", Aspect.ADDRESSES, ADDRESS_LISTS)
                        .differs("*", Aspect.ADVERTS, ADDRESS_LISTS),

                Scenario.of("a Latin-1 comment", "# Zone Z\u00fcrich, salle 2 (\u00e9t\u00e9)\n" + instance("VI_1", 72, 150), "h1")
                        .advertInterval(FAST),

                Scenario.of("include of a missing file",
                                "include /nonexistent/keepwatch-differential-missing.conf\n" + instance("VI_1", 73, 150), "h1")
                        .advertInterval(FAST),

                Scenario.perHost("VRRPv3 over IPv6",
                                "h1", instance("VI_6", 74, 150, "virtual_ipaddress {\n        fd00:200::74/64\n    }"),
                                "h2", instance("VI_6", 74, 100, "virtual_ipaddress {\n        fd00:200::74/64\n    }"))
                        .advertInterval(FAST)
                        .then(new Event.Kill("h1")),

                Scenario.perHost("use_vmac",
                                "h1", instance("VI_1", 75, 150, "use_vmac"),
                                "h2", instance("VI_1", 75, 100, "use_vmac"))
                        .advertInterval(FAST)
                        .then(new Event.Kill("h1")));
    }

    private static String syncGroup(int priority) {
        return "vrrp_sync_group G1 {\n    group {\n        VI_1\n        VI_2\n    }\n"
                + "    track_interface {\n        eth2 weight -30\n    }\n    global_tracking\n}\n"
                + instance("VI_1", 75, priority)
                + instance("VI_2", 76, priority, "interface eth1",
                        "virtual_ipaddress {\n        192.168.201.76/24\n    }").replace("    interface eth0\n", "");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rules")
    void behavesAsKeepalived(Scenario scenario) throws Exception {
        compare(scenario);
    }
}
