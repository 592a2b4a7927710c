package io.keepwatch.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.keepwatch.config.diagnostic.Diagnostic;
import io.keepwatch.config.model.KeepalivedConfig;
import io.keepwatch.config.model.RouteConfig;
import io.keepwatch.config.model.RouteText;
import io.keepwatch.config.model.RuleConfig;
import io.keepwatch.config.model.VirtualRouting;
import io.keepwatch.vrrp.AddressFamily;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalInt;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/** virtual_routes, virtual_rules and the static_* blocks, read as keepalived reads them. */
class RoutingBindingTest {

    private static ConfigResult read(String text) {
        return ConfigLoader.loadString("r.conf", text, Path.of("/nonexistent"), "node1");
    }

    private static VirtualRouting routing(String body) {
        ConfigResult r = read("vrrp_instance VI { interface eth0\n virtual_router_id 7\n" + body + "\n}");
        assertThat(r.errors()).isEmpty();
        return r.config().orElseThrow().instances().getFirst().routing();
    }

    private static List<String> warnings(String text) {
        return read(text).warnings().stream().map(Diagnostic::toString).toList();
    }

    @Test
    void routeWithEveryCommonOption() {
        RouteConfig r = routing("virtual_routes {\n src 192.168.100.1 to 192.168.109.0/24 via 192.168.200.254"
                + " dev eth1 table 100 metric 7 scope link tos 0x10 onlink mtu 1400 append\n}").routes().getFirst();
        assertThat(r.family()).isEqualTo(AddressFamily.IPV4);
        assertThat(r.type()).isEqualTo("unicast");
        assertThat(r.destination().toString()).isEqualTo("192.168.109.0/24");
        assertThat(r.src().orElseThrow().getHostAddress()).isEqualTo("192.168.100.1");
        assertThat(r.via().orElseThrow().getHostAddress()).isEqualTo("192.168.200.254");
        assertThat(r.device()).contains("eth1");
        assertThat(r.table()).isEqualTo(100);
        assertThat(r.metric()).isEqualTo(OptionalLong.of(7));
        assertThat(r.scope()).isEqualTo(253);
        assertThat(r.tos()).isEqualTo(16);
        assertThat(r.onlink()).isTrue();
        assertThat(r.metrics()).containsEntry("mtu", 1400L);
        assertThat(r.mode()).isEqualTo("append");
        // keepalived tracks a route with a dev, and marks it with its own protocol
        assertThat(r.noTrack()).isFalse();
        assertThat(r.protocol()).isEqualTo(OptionalInt.of(18));
    }

    @Test
    void typedAndDefaultRoutes() {
        List<RouteConfig> routes = routing("virtual_routes {\n blackhole 192.168.113.1/32\n"
                + " 0.0.0.0/0 gw 192.168.0.1 table main\n unreachable default inet6 dev eth0 no_track\n}").routes();
        assertThat(routes).extracting(RouteConfig::type).containsExactly("blackhole", "unicast", "unreachable");
        assertThat(routes.get(1).destination().toString()).isEqualTo("0.0.0.0/0");
        assertThat(routes.get(1).table()).isEqualTo(254);
        assertThat(routes.get(2).family()).isEqualTo(AddressFamily.IPV6);
        assertThat(routes.get(2).destination().toString()).isEqualTo("::/0");
        assertThat(routes.get(2).noTrack()).isTrue();
        assertThat(routes.get(2).protocol()).isEmpty();
    }

    @Test
    void aRouteWithoutDevIsNotTracked() {
        String text = "vrrp_instance VI { interface eth0\n virtual_router_id 7\n virtual_routes {\n"
                + " 192.168.112.0/24 via 192.168.100.254\n}\n}";
        assertThat(warnings(text)).anySatisfy(w -> assertThat(w).contains("r.conf:4:")
                .contains("192.168.112.0/24 has no dev, so it cannot be tracked"));
        assertThat(read(text).config().orElseThrow().instances().getFirst().routing().routes().getFirst().noTrack())
                .isTrue();
    }

    @Test
    void refusedLinesAreWarnedAboutAndLeftOut() {
        String text = "vrrp_instance VI { interface eth0\n virtual_router_id 7\n virtual_routes {\n"
                + " 10.1.0.0/16 via 2001:db8::1 dev eth0\n 10.2.0.0/16 dev eth0\n}\n virtual_rules {\n"
                + " to 192.168.100./24 table 2\n from 10.0.0.0/8\n from 10.3.0.0/16 table 5 priority 100\n}\n}";
        ConfigResult r = read(text);
        assertThat(r.errors()).isEmpty();
        VirtualRouting routing = r.config().orElseThrow().instances().getFirst().routing();
        assertThat(routing.routes()).extracting(x -> x.destination().toString()).containsExactly("10.2.0.0/16");
        assertThat(routing.rules()).extracting(RuleConfig::priority).containsExactly(100L);
        assertThat(r.warnings().stream().map(Diagnostic::toString)).anySatisfy(w -> assertThat(w)
                .startsWith("r.conf:4:").contains("mixes IPv4 and IPv6").endsWith("ignored"))
                .anySatisfy(w -> assertThat(w).startsWith("r.conf:8:").contains("'192.168.100.' is not an IP address"))
                .anySatisfy(w -> assertThat(w).startsWith("r.conf:9:").contains("a rule needs an action"));
    }

    @Test
    void unsupportedRouteOptionsAreNamed() {
        List<String> w = warnings("static_routes {\n 10.9.0.0/24 via 10.0.0.1 dev eth0 rtt 10 realms 3 vrf blue\n}");
        assertThat(w).anySatisfy(x -> assertThat(x).contains("route option 'rtt' is not supported by keepwatch"))
                .anySatisfy(x -> assertThat(x).contains("route option 'realms' is not supported"))
                .anySatisfy(x -> assertThat(x).contains("route option 'vrf' is not supported"));
        assertThat(read("static_routes {\n 10.9.0.0/24 via 10.0.0.1 dev eth0 rtt 10\n}").config().orElseThrow()
                .statics().routes()).hasSize(1);
    }

    @Test
    void rulesWithoutPreferenceAreNumberedDownFrom16384PerFamily() {
        KeepalivedConfig c = read("static_rules {\n from 192.168.100.0/24 table 1\n to 10.0.0.0/8 table 1\n"
                + " from 2001:db8::/32 table 3\n}\nvrrp_instance VI { interface eth0\n virtual_router_id 7\n"
                + " virtual_rules {\n from 192.168.200.0/24 table 2\n}\n}").config().orElseThrow();
        assertThat(c.statics().rules()).extracting(RuleConfig::priority).containsExactly(16384L, 16383L, 16384L);
        assertThat(c.instances().getFirst().routing().rules().getFirst().priority()).isEqualTo(16382L);
    }

    @Test
    void ruleWithEveryCommonOption() {
        RuleConfig r = routing("virtual_rules {\n not from 192.168.28.0/24 to 192.168.29.0/26 iif eth0 oif eth1"
                + " tos 4 fwmark 24/0xff preference 39 ipproto tcp sport 10-20 dport 80 uidrange 1000-1999"
                + " suppress_prefixlength 0 lookup main\n inet6 preference 50 l3mdev no_track\n"
                + " preference 60 goto 70\n preference 80 blackhole\n}").rules().getFirst();
        assertThat(r.not()).isTrue();
        assertThat(r.from().orElseThrow().toString()).isEqualTo("192.168.28.0/24");
        assertThat(r.to().orElseThrow().toString()).isEqualTo("192.168.29.0/26");
        assertThat(r.iif()).contains("eth0");
        assertThat(r.oif()).contains("eth1");
        assertThat(r.fwmark()).isEqualTo(OptionalLong.of(24));
        assertThat(r.fwmask()).isEqualTo(OptionalLong.of(255));
        assertThat(r.ipProto()).isEqualTo(OptionalInt.of(6));
        assertThat(r.sport().orElseThrow()).isEqualTo(new RuleConfig.Range(10, 20));
        assertThat(r.dport().orElseThrow()).isEqualTo(new RuleConfig.Range(80, 80));
        assertThat(r.action()).isEqualTo("table");
        assertThat(r.table()).isEqualTo(254);
        assertThat(r.protocol()).isEqualTo(OptionalInt.of(18));
        List<RuleConfig> all = routing("virtual_rules {\n inet6 preference 50 l3mdev no_track\n"
                + " preference 60 goto 70\n preference 80 blackhole\n}").rules();
        assertThat(all).extracting(RuleConfig::action).containsExactly("l3mdev", "goto", "blackhole");
        assertThat(all.getFirst().family()).isEqualTo(AddressFamily.IPV6);
        assertThat(all.getFirst().protocol()).isEmpty();
        assertThat(all.get(1).gotoTarget()).isEqualTo(70);
    }

    @Test
    void aStaticAddressWithoutDevGoesOnTheDefaultInterface() {
        var eth0 = read("static_ipaddress {\n 192.168.200.16 dev eth1 scope link\n 192.168.200.18\n}")
                .config().orElseThrow().statics().addresses();
        assertThat(eth0).extracting(a -> a.device().orElseThrow()).containsExactly("eth1", "eth0");
        var named = read("global_defs {\n default_interface bond0\n}\nstatic_ipaddress {\n 192.168.200.18\n}")
                .config().orElseThrow().statics().addresses();
        assertThat(named).extracting(a -> a.device().orElseThrow()).containsExactly("bond0");
    }

    @Test
    void keepalivedsRoutingSamplesBindWithoutUnknownKeywords() throws Exception {
        for (String sample : List.of("routes", "rules", "static_ipaddress")) {
            Path file = Path.of("/usr/share/doc/keepalived/samples/keepalived.conf.vrrp." + sample);
            ConfigResult r = read(Files.readString(file));
            assertThat(r.errors()).as(sample).isEmpty();
            assertThat(r.warnings().stream().map(Diagnostic::toString)).as(sample)
                    .noneMatch(w -> w.contains("unknown keyword"));
        }
        VirtualRouting routes = read(Files.readString(
                Path.of("/usr/share/doc/keepalived/samples/keepalived.conf.vrrp.routes"))).config().orElseThrow()
                .instances().getFirst().routing();
        assertThat(routes.routes()).extracting(RouteText::route).contains(
                "192.168.109.0/24 src 192.168.100.1 via 192.168.200.254 dev eth1 protocol 18",
                "blackhole 192.168.113.1/32 protocol 18 no_track",
                "0.0.0.0/0 via 192.168.0.1 table 100 protocol 18 no_track");
    }
}
