package io.keepwatch.config;

import static io.keepwatch.config.ModelRulesTest.read;
import static io.keepwatch.config.ModelRulesTest.valid;
import static org.assertj.core.api.Assertions.assertThat;

import io.keepwatch.config.model.AdvertOptions;
import io.keepwatch.config.model.UnicastChecksum;
import io.keepwatch.config.model.VrrpInstanceConfig;
import io.keepwatch.vrrp.AddressFamily;
import io.keepwatch.vrrp.VrrpVersion;
import java.net.InetAddress;
import java.time.Duration;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

/** keepalived's unicast, advert and lower-priority GARP keywords: defaults, globals, strict mode. */
class AdvertOptionsTest {

    private static final String PEERS = "unicast_peer {\n 10.0.0.2\n}\n";

    private static VrrpInstanceConfig instance(String global, String body) {
        return valid("global_defs {\n" + global + "\n}\nvrrp_instance VI { interface eth0\n virtual_router_id 7\n"
                + "virtual_ipaddress { 10.0.0.1/24 }\n" + body + "\n}").instances().getFirst();
    }

    @Test
    void defaultsFollowKeepalived() {
        VrrpInstanceConfig vi = instance("", PEERS);
        AdvertOptions a = vi.advert();
        assertThat(a.unicastTtl()).isEmpty();
        assertThat(a.checkUnicastSrc()).isFalse();
        assertThat(a.unicastChecksum()).isEqualTo(UnicastChecksum.AUTO);
        assertThat(a.higherPrioSendAdvert()).isFalse();
        assertThat(a.lowerPrioNoAdvert()).isFalse();
        // garp_lower_prio_* default to the master's GARP settings (keepalived's vrrp_complete_init)
        assertThat(vi.garp().lowerPrioRepeat()).isEqualTo(5);
        assertThat(vi.garp().lowerPrioDelay()).isEqualTo(Duration.ofSeconds(5));
        assertThat(vi.downTimerAdverts()).isEqualTo(3);
    }

    @Test
    void instanceKeywordsAreRead() {
        VrrpInstanceConfig vi = instance("", PEERS + "unicast_ttl 64\ncheck_unicast_src\n"
                + "higher_prio_send_advert\nlower_prio_no_advert on\n"
                + "skip_check_adv_addr\ngarp_lower_prio_delay 10\ngarp_lower_prio_repeat 2\n"
                + "unicast_fault_no_peer");
        AdvertOptions a = vi.advert();
        assertThat(a.unicastTtl()).isEqualTo(OptionalInt.of(64));
        assertThat(a.checkUnicastSrc()).isTrue();
        assertThat(a.higherPrioSendAdvert()).isTrue();
        assertThat(a.lowerPrioNoAdvert()).isTrue();
        assertThat(a.skipCheckAdvAddr()).isTrue();
        assertThat(a.unicastFaultNoPeer()).isTrue();
        assertThat(vi.garp().lowerPrioDelay()).isEqualTo(Duration.ofSeconds(10));
        assertThat(vi.garp().lowerPrioRepeat()).isEqualTo(2);
    }

    @Test
    void globalsAreTheInstancesDefaults() {
        VrrpInstanceConfig vi = instance("vrrp_higher_prio_send_advert\nvrrp_lower_prio_no_advert\n"
                + "vrrp_garp_master_repeat 3\nvrrp_garp_lower_prio_delay 7\nvrrp_down_timer_adverts 5",
                PEERS + "higher_prio_send_advert false");
        assertThat(vi.advert().higherPrioSendAdvert()).isFalse();
        assertThat(vi.advert().lowerPrioNoAdvert()).isTrue();
        assertThat(vi.garp().lowerPrioRepeat()).isEqualTo(3);
        assertThat(vi.garp().lowerPrioDelay()).isEqualTo(Duration.ofSeconds(7));
        assertThat(vi.downTimerAdverts()).isEqualTo(5);
    }

    @Test
    void minGarpSendsOneMessageWithoutSecondBurst() {
        VrrpInstanceConfig vi = instance("vrrp_min_garp", "");
        assertThat(vi.garp().masterRepeat()).isEqualTo(1);
        assertThat(vi.garp().masterDelay()).isZero();
        assertThat(vi.garp().lowerPrioRepeat()).isEqualTo(1);
        assertThat(vi.garp().lowerPrioDelay()).isZero();
        // a value written before it stays
        assertThat(instance("vrrp_garp_master_repeat 3\nvrrp_min_garp", "").garp().masterRepeat()).isEqualTo(3);
    }

    @Test
    void aPeerWithTtlLimitsTurnsOnCheckUnicastSrc() {
        assertThat(instance("", "unicast_peer {\n 10.0.0.2 min_ttl 250\n}").advert().checkUnicastSrc()).isTrue();
    }

    @Test
    void strictModeOverridesAndWarns() {
        ConfigResult r = read("vrrp_instance VI { interface eth0\n virtual_router_id 7\n priority 255\n"
                + "virtual_ipaddress { 10.0.0.1/24 }\nstrict_mode\nhigher_prio_send_advert\n"
                + "lower_prio_no_advert false\ngarp_lower_prio_repeat 3\n}");
        VrrpInstanceConfig vi = r.config().orElseThrow().instances().getFirst();
        assertThat(vi.advert().strictMode()).contains(true);
        assertThat(vi.advert().higherPrioSendAdvert()).isFalse();
        assertThat(vi.advert().lowerPrioNoAdvert()).isTrue();
        assertThat(vi.garp().lowerPrioRepeat()).isZero();
        assertThat(vi.garp().lowerPrioDelay()).isZero();
        assertThat(r.warnings()).extracting(Object::toString).anyMatch(w -> w.contains("higher_prio_send_advert"))
                .anyMatch(w -> w.contains("lower_prio_no_advert")).anyMatch(w -> w.contains("garp_lower_prio"));
        // strict_mode off under vrrp_strict: the instance is not strict
        VrrpInstanceConfig relaxed = instance("vrrp_strict", "strict_mode off\nhigher_prio_send_advert");
        assertThat(relaxed.advert().higherPrioSendAdvert()).isTrue();
        assertThat(relaxed.garp().lowerPrioRepeat()).isEqualTo(5);
    }

    @Test
    void unicastOnlyKeywordsWithoutPeersAreReported() {
        ConfigResult r = read("vrrp_instance VI { interface eth0\n virtual_router_id 7\n"
                + "virtual_ipaddress { 10.0.0.1/24 }\nunicast_ttl 10\ncheck_unicast_src\n}");
        VrrpInstanceConfig vi = r.config().orElseThrow().instances().getFirst();
        assertThat(vi.advert().unicastTtl()).isEmpty();
        assertThat(r.warnings()).extracting(Object::toString).containsExactly(
                "m.conf:5: warning: vrrp_instance VI: check_unicast_src without any unicast_peer; the instance uses multicast",
                "m.conf:4: warning: vrrp_instance VI: unicast_ttl without any unicast_peer; ignored");
    }

    @Test
    void mcastDstIpMustBeAMulticastOfTheFamily() {
        assertThat(instance("", "mcast_dst_ip 224.0.0.99").advert().mcastDstIp())
                .contains(InetAddress.ofLiteral("224.0.0.99"));
        assertThat(read("vrrp_instance VI { interface eth0\n virtual_router_id 7\n"
                + "virtual_ipaddress { 10.0.0.1/24 }\nmcast_dst_ip 10.0.0.9\n}").errors()).extracting(Object::toString)
                .containsExactly("m.conf:4: vrrp_instance VI: mcast_dst_ip 10.0.0.9 is not a multicast address");
        assertThat(read("vrrp_instance VI { interface eth0\n virtual_router_id 7\n"
                + "virtual_ipaddress { fd00::1/64 }\nmcast_dst_ip ff05::12\n}").errors()).hasSize(1);
    }

    @Test
    void nativeIpv6MakesAnInstanceWithoutAddressesIpv6() {
        VrrpInstanceConfig vi = valid("vrrp_instance VI { interface eth0\n virtual_router_id 7\nnative_ipv6\n}")
                .instances().getFirst();
        assertThat(vi.family()).isEqualTo(AddressFamily.IPV6);
        assertThat(vi.version()).isEqualTo(VrrpVersion.V3);
        assertThat(read("vrrp_instance VI { interface eth0\n virtual_router_id 7\n"
                + "virtual_ipaddress { 10.0.0.1/24 }\nnative_ipv6\n}").errors()).hasSize(1);
    }

    @Test
    void everyOptionSurvivesTheDump() {
        var config = valid("global_defs {\n vrrp_check_unicast_src\n vrrp_down_timer_adverts 4\n"
                + "}\nvrrp_instance VI { interface eth0\n virtual_router_id 7\n"
                + "virtual_ipaddress { 10.0.0.1/24 }\n" + PEERS + "unicast_ttl 9\nstrict_mode false\n}");
        var again = valid(ConfigPrinter.print(config));
        assertThat(again).isEqualTo(config);
    }
}
