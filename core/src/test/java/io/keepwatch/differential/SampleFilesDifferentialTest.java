package io.keepwatch.differential;

import io.keepwatch.differential.Scenario.Aspect;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * keepalived's own VRRP sample files (Debian's /usr/share/doc/keepalived/samples), unchanged, on
 * h1 then h2 (the topology has the interfaces and subnets they name): keepwatch must do what
 * keepalived does with them, at the start and after an event each.
 *
 * <p>Samples not run, and why: {@code .IPv6}, {@code .HTTP_GET.port}, {@code .PING_CHECK},
 * {@code .SMTP_CHECK}, {@code .UDP_CHECK}, {@code .fwmark}, {@code .inhibit}, {@code .misc_check},
 * {@code .misc_check_arg}, {@code .quorum}, {@code .status_code}, {@code .virtual_server_group},
 * {@code .virtualhost} have no VRRP instance (LVS only); {@code .sample}, {@code .SSL_GET} and
 * {@code .vrrp.lvs_syncd} pair their instance with {@code virtual_server} (LVS) blocks;
 * {@code .track_interface} relies on static track groups; {@code .conditional_conf}
 * on {@code net_namespace}: features keepwatch does not have.
 *
 * <p>{@code .vrrp.static_ipaddress} puts a scope-link address on eth0, which the kernel lists before
 * the address eth0 had: both daemons keep the address eth0 had as the advert source.
 *
 * <p>{@code .vrrp.routes}, {@code .vrrp.rules} and {@code .vrrp.static_ipaddress} name gateways and
 * sources the topology does not have for most of their routes: both daemons fail to add those alike, and what is compared is the
 * rest (addresses, states, adverts).
 */
class SampleFilesDifferentialTest extends DifferentialCorpus {

    static Stream<Scenario> samples() {
        return Stream.of(
                Scenario.of("sample vrrp", Scenario.sample("keepalived.conf.vrrp"))
                        .thenReload("without 192.168.200.17", t -> t.replace("        192.168.200.17\n", "")),
                Scenario.of("sample vrrp.sync", Scenario.sample("keepalived.conf.vrrp.sync"))
                        .then(new Event.LinkDown("h1", "eth1")),
                Scenario.of("sample vrrp.scripts", Scenario.sample("keepalived.conf.vrrp.scripts"))
                        .then(new Event.Kill("h1")),
                Scenario.of("sample vrrp.routes", Scenario.sample("keepalived.conf.vrrp.routes"))
                        .then(new Event.Kill("h1"))
                        .differs("check-config", Aspect.CONFIG_CHECK, ElectionRulesDifferentialTest.WARNINGS_EXIT),
                Scenario.of("sample vrrp.rules", Scenario.sample("keepalived.conf.vrrp.rules"))
                        .then(new Event.Kill("h1"))
                        .differs("check-config", Aspect.CONFIG_CHECK, ElectionRulesDifferentialTest.WARNINGS_EXIT),
                Scenario.of("sample vrrp.static_ipaddress", Scenario.sample("keepalived.conf.vrrp.static_ipaddress"))
                        .then(new Event.Kill("h1"))
                        .differs("check-config", Aspect.CONFIG_CHECK, ElectionRulesDifferentialTest.WARNINGS_EXIT),
                Scenario.of("sample vrrp.localcheck", Scenario.sample("keepalived.conf.vrrp.localcheck"))
                        .then(new Event.LinkDown("h1", "eth2"))
                        .differs("check-config", Aspect.CONFIG_CHECK, ElectionRulesDifferentialTest.WARNINGS_EXIT));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("samples")
    void behavesAsKeepalived(Scenario scenario) throws Exception {
        compare(scenario);
    }
}
