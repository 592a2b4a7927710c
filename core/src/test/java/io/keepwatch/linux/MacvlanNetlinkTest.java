package io.keepwatch.linux;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.keepwatch.testing.NetNs;
import io.keepwatch.testing.RequiresNetns;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Macvlans made, read back, changed and deleted through rtnetlink, checked with iproute2. */
@RequiresNetns
class MacvlanNetlinkTest {

    private static final byte[] MAC = {0x00, 0x00, 0x5e, 0x00, 0x01, 0x2a};

    private NetNs lab;
    private NetNs.Namespace a;
    private RtNetlink netlink;

    @BeforeEach
    void createNetwork() throws Exception {
        lab = NetNs.create("mv");
        a = lab.namespace("a");
        NetNs.Namespace b = lab.namespace("b");
        lab.veth(a, "veth0", b, "veth0");
        netlink = a.call(RtNetlink::open);
    }

    @AfterEach
    void deleteNetwork() {
        try {
            if (netlink != null) {
                netlink.close();
            }
        } finally {
            lab.close();
        }
    }

    private LinkDetails details(String name) throws Exception {
        return netlink.linkDetails().stream().filter(l -> l.name().equals(name)).findFirst().orElseThrow();
    }

    @Test
    void privateMacvlanIsCreatedReadBackSetUpAndDeleted() throws Exception {
        int parent = netlink.ifIndex("veth0");
        netlink.addMacvlan("vrrp.42", parent, MAC, Constants.MACVLAN_MODE_PRIVATE);

        assertThat(a.exec("ip", "-d", "link", "show", "vrrp.42")).contains("vrrp.42@veth0")
                .contains("link/ether 00:00:5e:00:01:2a").contains("macvlan mode private");
        LinkDetails vmac = details("vrrp.42");
        assertThat(vmac.isMacvlan()).isTrue();
        assertThat(vmac.macvlanMode()).isEqualTo(Constants.MACVLAN_MODE_PRIVATE);
        assertThat(vmac.parentIndex()).isEqualTo(parent);
        assertThat(vmac.link().mac().toString()).isEqualTo("00:00:5e:00:01:2a");
        assertThat(details("veth0").kind()).contains("veth");

        netlink.setInetConf(vmac.index(), "vrrp.42", Map.of(Constants.IPV4_DEVCONF_ARP_IGNORE, 1,
                Constants.IPV4_DEVCONF_ACCEPT_LOCAL, 1, Constants.IPV4_DEVCONF_RP_FILTER, 0));
        assertThat(a.exec("sysctl", "-n", "net.ipv4.conf.vrrp/42.arp_ignore").trim()).isEqualTo("1");
        assertThat(a.exec("sysctl", "-n", "net.ipv4.conf.vrrp/42.accept_local").trim()).isEqualTo("1");
        assertThat(details("vrrp.42").inetConf(Constants.IPV4_DEVCONF_ARP_IGNORE)).contains(1);

        netlink.setAddrGenMode(vmac.index(), "vrrp.42", Constants.IN6_ADDR_GEN_MODE_NONE);
        netlink.setLinkUp(vmac.index(), "vrrp.42");
        assertThat(a.exec("ip", "-d", "link", "show", "vrrp.42")).contains("addrgenmode none").contains(",UP");

        netlink.updateMacvlan(vmac.index(), "vrrp.42", new byte[] {0x02, 0, 0, 0, 0, 0x2a}, Constants.MACVLAN_MODE_PRIVATE);
        assertThat(a.exec("ip", "link", "show", "vrrp.42")).contains("link/ether 02:00:00:00:00:2a");

        netlink.deleteLink(vmac.index(), "vrrp.42");
        assertThat(netlink.links()).noneMatch(l -> l.name().equals("vrrp.42"));
        NativeException gone = catchThrowableOfType(NativeException.class,
                () -> netlink.deleteLink(vmac.index(), "vrrp.42"));
        assertThat(gone.errno()).isEqualTo(Errno.ENODEV);
        assertThat(gone.getMessage()).contains("cannot delete vrrp.42");
    }

    @Test
    void aSecondLinkOfTheSameNameIsRefused() throws Exception {
        int parent = netlink.ifIndex("veth0");
        netlink.addMacvlan("vm1", parent, MAC, Constants.MACVLAN_MODE_PRIVATE);
        NativeException taken = catchThrowableOfType(NativeException.class,
                () -> netlink.addMacvlan("vm1", parent, MAC, Constants.MACVLAN_MODE_PRIVATE));
        assertThat(taken.errno()).isEqualTo(Errno.EEXIST);
        assertThat(taken.getMessage()).contains("cannot create macvlan vm1");
    }
}
