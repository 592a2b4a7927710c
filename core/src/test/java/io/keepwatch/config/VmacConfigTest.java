package io.keepwatch.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.keepwatch.config.diagnostic.Diagnostic;
import io.keepwatch.config.model.IpvlanConfig;
import io.keepwatch.config.model.KeepalivedConfig;
import io.keepwatch.config.model.VmacConfig;
import io.keepwatch.config.model.VmacNaming;
import io.keepwatch.config.model.VrrpInstanceConfig;
import java.net.InetAddress;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** use_vmac and its companions, read and cross-checked as keepalived's parser does. */
class VmacConfigTest {

    private static ConfigResult read(String text) {
        return ModelRulesTest.read(text);
    }

    private static List<String> warnings(ConfigResult r) {
        return r.warnings().stream().map(Diagnostic::toString).toList();
    }

    @Test
    void plainUseVmacTakesTheDefaults() {
        VmacConfig v = ModelRulesTest.instance("use_vmac").vmac();
        assertThat(v).isEqualTo(new VmacConfig(true, Optional.empty(), Optional.empty(), false));
        assertThat(HexFormat.ofDelimiter(":").formatHex(v.macFor(7, false))).isEqualTo("00:00:5e:00:01:07");
        assertThat(HexFormat.ofDelimiter(":").formatHex(v.macFor(200, true))).isEqualTo("00:00:5e:00:02:c8");
        assertThat(ModelRulesTest.instance("").vmac()).isEqualTo(VmacConfig.NONE);
    }

    @Test
    void nameAndMacInEitherOrder() {
        VmacConfig v = ModelRulesTest.instance("use_vmac 02:AA:bb:0:1 vmac7\nvmac_xmit_base").vmac();
        assertThat(v.interfaceName()).contains("vmac7");
        assertThat(v.macAddress()).contains("02:aa:bb:00:01");
        assertThat(v.xmitBase()).isTrue();
        // five octets: the VRID is the sixth
        assertThat(HexFormat.ofDelimiter(":").formatHex(v.macFor(7, false))).isEqualTo("02:aa:bb:00:01:07");
    }

    @Test
    void unusableNamesAndMacsAreIgnoredWithAWarning() {
        ConfigResult r = read("""
                vrrp_instance A { interface eth0
                 virtual_router_id 1
                 use_vmac this/name/is/bad 01:00:5e:00:00:01
                }
                vrrp_instance B { interface eth0
                 virtual_router_id 2
                 use_vmac shared 00:00:5e:00:01:02
                }
                vrrp_instance C { interface eth0
                 virtual_router_id 3
                 use_vmac shared
                }
                """);
        assertThat(r.errors()).isEmpty();
        List<VrrpInstanceConfig> instances = r.config().orElseThrow().instances();
        assertThat(instances).allSatisfy(i -> assertThat(i.vmac().enabled()).isTrue());
        assertThat(instances.get(0).vmac()).isEqualTo(new VmacConfig(true, Optional.empty(), Optional.empty(), false));
        assertThat(instances.get(1).vmac().interfaceName()).contains("shared");
        assertThat(instances.get(1).vmac().macAddress()).isEmpty();
        assertThat(instances.get(2).vmac().interfaceName()).isEmpty();
        assertThat(warnings(r)).anyMatch(w -> w.contains("m.conf:3") && w.contains("invalid characters"))
                .anyMatch(w -> w.contains("m.conf:3") && w.contains("multicast"))
                .anyMatch(w -> w.contains("m.conf:7") && w.contains("RFC 5798"))
                .anyMatch(w -> w.contains("m.conf:11") && w.contains("already uses shared"));
    }

    /** use_ipvlan [NAME] [ADDRESS] [bridge|private|vepa], words in any order, as keepalived 2.2.7 reads them. */
    @Test
    void useIpvlanIsReadAsKeepalivedReadsIt() {
        ConfigResult r = read("""
                vrrp_instance A { interface eth0
                 virtual_router_id 1
                 use_ipvlan private 10.0.0.5/24 iv1 vepa
                }
                vrrp_instance B { interface eth0
                 virtual_router_id 2
                 use_ipvlan
                 use_ipvlan iv2
                }
                vrrp_instance C { interface eth0
                 virtual_router_id 3
                 use_vmac
                 use_ipvlan iv1 10.0.0.6
                }
                """);
        assertThat(r.errors()).isEmpty();
        List<VrrpInstanceConfig> instances = r.config().orElseThrow().instances();
        assertThat(instances.get(0).vmac().ipvlan()).contains(new IpvlanConfig(Optional.of("iv1"),
                Optional.of(InetAddress.ofLiteral("10.0.0.5")), 24, IpvlanConfig.Mode.PRIVATE));
        assertThat(instances.get(1).vmac().ipvlan()).contains(new IpvlanConfig(Optional.empty(), Optional.empty(), 0,
                IpvlanConfig.Mode.BRIDGE));
        // keepalived makes the ipvlan when both are given
        assertThat(instances.get(2).vmac().enabled()).isFalse();
        assertThat(instances.get(2).vmac().ipvlan()).contains(new IpvlanConfig(Optional.empty(),
                Optional.of(InetAddress.ofLiteral("10.0.0.6")), 32, IpvlanConfig.Mode.BRIDGE));
        assertThat(warnings(r)).anyMatch(w -> w.contains("m.conf:3") && w.contains("mode already given"))
                .anyMatch(w -> w.contains("m.conf:7") && w.contains("needs an address"))
                .anyMatch(w -> w.contains("m.conf:8") && w.contains("use_ipvlan already given"))
                .anyMatch(w -> w.contains("m.conf:13") && w.contains("already uses iv1"))
                .anyMatch(w -> w.contains("m.conf:13") && w.contains("use_vmac ignored"));
    }

    @Test
    void unicastNeedsXmitBaseAndXmitBaseNeedsAVmac() {
        ConfigResult r = read("""
                vrrp_instance A { interface eth0
                 virtual_router_id 1
                 use_vmac
                 unicast_peer { 10.0.0.2 }
                }
                vrrp_instance B { interface eth0
                 virtual_router_id 2
                 vmac_xmit_base
                }
                """);
        KeepalivedConfig c = r.config().orElseThrow();
        assertThat(c.instances().get(0).vmac().xmitBase()).isTrue();
        assertThat(c.instances().get(1).vmac()).isEqualTo(VmacConfig.NONE);
        assertThat(warnings(r)).anyMatch(w -> w.contains("m.conf:1") && w.contains("needs vmac_xmit_base"))
                .anyMatch(w -> w.contains("m.conf:8") && w.contains("only valid with use_vmac"));
    }

    @Test
    void strictClearsXmitBaseAndAGivenMac() {
        VrrpInstanceConfig vi = read("""
                global_defs { vrrp_strict }
                vrrp_instance A { interface eth0
                 virtual_router_id 1
                 priority 255
                 use_vmac 02:00:00:00:00:05
                 vmac_xmit_base
                 virtual_ipaddress { 10.0.0.9 }
                }
                """).config().orElseThrow().instances().getFirst();
        assertThat(vi.vmac()).isEqualTo(new VmacConfig(true, Optional.empty(), Optional.empty(), false));
    }

    @Test
    void vmacPrefixesAndUseVmacAddr() {
        ConfigResult r = read("""
                global_defs {
                 vmac_prefix vr
                 vmac_addr_prefix va
                 vmac_addr_prefix vb
                }
                vrrp_instance A { interface eth0
                 virtual_router_id 1
                 use_vmac_addr
                 vmac_xmit_base
                 use_ipvlan ipv1 10.0.0.1/24 private
                }
                """);
        KeepalivedConfig c = r.config().orElseThrow();
        assertThat(c.global().vmacNaming()).isEqualTo(new VmacNaming("vr", Optional.of("va")));
        assertThat(c.global().vmacNaming().addressPrefix()).isEqualTo("va");
        // use_vmac_addr stands without use_vmac; vmac_xmit_base does not
        assertThat(c.instances().get(0).vmac()).isEqualTo(new VmacConfig(false, Optional.empty(), Optional.empty(),
                false, true, Optional.of(new IpvlanConfig(Optional.of("ipv1"),
                        Optional.of(InetAddress.ofLiteral("10.0.0.1")), 24, IpvlanConfig.Mode.PRIVATE))));
        assertThat(warnings(r)).anyMatch(w -> w.contains("m.conf:4") && w.contains("vmac_addr_prefix has already been given"))
                .anyMatch(w -> w.contains("m.conf:9") && w.contains("vmac_xmit_base is only valid with use_vmac"))
                .noneMatch(w -> w.contains("use_vmac_addr"))
                .noneMatch(w -> w.contains("unknown keyword"));
        assertThat(new VmacNaming("vr").addressPrefix()).isEqualTo("vr");
    }
}
