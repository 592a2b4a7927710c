package io.keepwatch.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.keepwatch.config.diagnostic.Diagnostic;
import io.keepwatch.config.model.KeepalivedConfig;
import io.keepwatch.config.model.VrrpInstanceConfig;
import io.keepwatch.config.model.WitnessUse;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** vrrp_witness blocks, and witness / election in an instance. */
class WitnessConfigTest {

    private static final String WITNESS = "vrrp_witness main {\n type etcd\n endpoints http://10.0.0.11:2379\n ttl 3\n}\n";

    private static ConfigResult read(String text) {
        return ConfigLoader.loadString("w.conf", text, Path.of("/nonexistent"), "n");
    }

    private static String instance(String name, String body) {
        return "vrrp_instance " + name + " {\n interface eth0\n" + body + "\n virtual_ipaddress {\n  192.0.2.100/24\n }\n}\n";
    }

    private static KeepalivedConfig config(String text) {
        ConfigResult r = read(text);
        assertThat(r.diagnostics()).isEmpty();
        return r.config().orElseThrow();
    }

    @Test
    void aWitnessBlockIsKeptForItsPluginAndInstancesNameIt() {
        KeepalivedConfig c = config(WITNESS + instance("VI_1", " virtual_router_id 51\n witness main")
                + instance("DB", " election main"));
        assertThat(c.witnesses()).containsOnlyKeys("main");
        assertThat(c.witnesses().get("main").value("type")).contains("etcd");
        assertThat(c.instance("VI_1").orElseThrow().witness()).isEqualTo(WitnessUse.fence("main"));
        assertThat(c.instance("VI_1").orElseThrow().witness().fences()).isTrue();
        assertThat(c.instance("DB").orElseThrow().witness()).isEqualTo(WitnessUse.election("main"));
        assertThat(c.instance("DB").orElseThrow().witness().elects()).isTrue();
    }

    @Test
    void plainInstancesUseNoWitness() {
        KeepalivedConfig c = config(instance("VI_1", " virtual_router_id 51"));
        assertThat(c.instances().getFirst().witness()).isEqualTo(WitnessUse.NONE);
        assertThat(c.witnesses()).isEmpty();
    }

    @Test
    void anElectionInstanceNeedsNoVirtualRouterIdAndSharesNone() {
        ConfigResult r = read(WITNESS + instance("A", " election main") + instance("B", " election main")
                + instance("C", " virtual_router_id 7\n election main") + instance("D", " virtual_router_id 7"));
        assertThat(r.errors()).isEmpty();
        assertThat(r.config().orElseThrow().instances()).map(VrrpInstanceConfig::virtualRouterId)
                .containsExactly(0, 0, 0, 7);
    }

    @Test
    void vrrpKeywordsInAnElectionInstanceAreWarnedOfAndIgnored() {
        ConfigResult r = read(WITNESS + instance("DB", """
                 election main
                 virtual_router_id 51
                 advert_int 3
                 version 2
                 authentication {
                  auth_type PASS
                  auth_pass secret
                 }
                 unicast_src_ip 192.0.2.1
                 unicast_peer {
                  192.0.2.2
                 }
                 mcast_src_ip 192.0.2.1
                 use_vmac
                 vmac_xmit_base"""));
        assertThat(r.errors()).isEmpty();
        assertThat(r.diagnostics()).map(Diagnostic::toString).containsExactly(
                "w.conf:9: warning: vrrp_instance DB: virtual_router_id has no use with election (no VRRP adverts); ignored",
                "w.conf:10: warning: vrrp_instance DB: advert_int has no use with election (no VRRP adverts); ignored",
                "w.conf:11: warning: vrrp_instance DB: version has no use with election (no VRRP adverts); ignored",
                "w.conf:12: warning: vrrp_instance DB: authentication has no use with election (no VRRP adverts); ignored",
                "w.conf:16: warning: vrrp_instance DB: unicast_src_ip has no use with election (no VRRP adverts); ignored",
                "w.conf:17: warning: vrrp_instance DB: unicast_peer has no use with election (no VRRP adverts); ignored",
                "w.conf:20: warning: vrrp_instance DB: mcast_src_ip has no use with election (no VRRP adverts); ignored",
                "w.conf:21: warning: vrrp_instance DB: use_vmac has no use with election (no VRRP adverts); ignored",
                "w.conf:22: warning: vrrp_instance DB: vmac_xmit_base has no use with election (no VRRP adverts); ignored");
        VrrpInstanceConfig db = r.config().orElseThrow().instance("DB").orElseThrow();
        VrrpInstanceConfig plain = config(WITNESS + instance("DB", " election main")).instance("DB").orElseThrow();
        assertThat(db).isEqualTo(plain);
    }

    @Test
    void aFencedInstanceStillNeedsItsVirtualRouterId() {
        ConfigResult r = read(WITNESS + instance("VI_1", " witness main"));
        assertThat(r.errors()).map(Diagnostic::toString).containsExactly("w.conf:6: vrrp_instance VI_1 has no virtual_router_id");
    }

    @Test
    void anUndefinedWitnessIsAnError() {
        ConfigResult r = read(instance("VI_1", " virtual_router_id 51\n witness nowhere") + instance("DB", " election other"));
        assertThat(r.errors()).map(Diagnostic::toString).containsExactly(
                "w.conf:4: vrrp_instance VI_1: witness nowhere: no vrrp_witness block of that name",
                "w.conf:11: vrrp_instance DB: election other: no vrrp_witness block of that name");
        assertThat(r.config()).isEmpty();
    }

    @Test
    void witnessAndElectionExcludeEachOther() {
        ConfigResult r = read(WITNESS + instance("VI_1", " virtual_router_id 51\n witness main\n election main"));
        assertThat(r.errors()).map(Diagnostic::toString).containsExactly(
                "w.conf:10: vrrp_instance VI_1: election and witness (line 9) exclude each other:"
                        + " an instance is either fenced by a witness or elected by one");
    }

    @Test
    void twoWitnessesOfOneNameAreAnError() {
        ConfigResult r = read(WITNESS + WITNESS);
        assertThat(r.errors()).map(Diagnostic::toString).containsExactly(
                "w.conf:6: vrrp_witness main is already defined at line 1");
    }

    @Test
    void aWitnessNeedsAName() {
        ConfigResult r = read("vrrp_witness {\n type etcd\n}\n");
        assertThat(r.errors()).map(Diagnostic::toString).containsExactly("w.conf:1: vrrp_witness needs a name");
    }

    @Test
    void anElectionInstanceIsLeftOutOfASyncGroup() {
        ConfigResult r = read(WITNESS + instance("DB", " election main") + instance("VI_1", " virtual_router_id 51")
                + "vrrp_sync_group G {\n group {\n  DB\n  VI_1\n }\n}\n"
                + "vrrp_sync_group H {\n group {\n  DB\n }\n}\n");
        assertThat(r.errors()).isEmpty();
        assertThat(r.diagnostics()).map(Diagnostic::toString).containsExactly(
                "w.conf:22: warning: vrrp_sync_group G: vrrp_instance DB uses election, which a sync group cannot"
                        + " make MASTER without its key; left out",
                "w.conf:28: warning: vrrp_sync_group H: vrrp_instance DB uses election, which a sync group cannot"
                        + " make MASTER without its key; left out",
                "w.conf:26: warning: vrrp_sync_group H has no instances; ignored");
        KeepalivedConfig c = r.config().orElseThrow();
        assertThat(c.syncGroups()).singleElement().satisfies(g -> assertThat(g.instances()).containsExactly("VI_1"));
    }

    @Test
    void theDumpReadsBackTheSame() {
        KeepalivedConfig c = config(WITNESS + instance("VI_1", " virtual_router_id 51\n witness main")
                + instance("DB", " election main"));
        String dump = ConfigPrinter.print(c);
        assertThat(dump).contains("vrrp_witness main {").contains("witness main").contains("election main");
        KeepalivedConfig again = config(dump);
        assertThat(ConfigRoundTripTest.withoutPositions(again)).isEqualTo(ConfigRoundTripTest.withoutPositions(c));
    }
}
