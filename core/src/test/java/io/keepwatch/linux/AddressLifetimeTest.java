package io.keepwatch.linux;

import static org.assertj.core.api.Assertions.assertThat;

import io.keepwatch.testing.AddressWatch;
import io.keepwatch.testing.NetNs;
import io.keepwatch.testing.RequiresNetns;
import java.net.InetAddress;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Addresses added with a valid lifetime ({@link RtNetlink#addAddressFor}), as a witness-fenced instance
 * binds its VIPs: the kernel itself deletes them when the lifetime runs out, IPv4 and IPv6 alike, and
 * adding again renews the lifetime of the address already there (NLM_F_REPLACE) instead of failing.
 */
@RequiresNetns
class AddressLifetimeTest {
    private static final Duration WAIT = Duration.ofSeconds(20);

    private NetNs lab;
    private NetNs.Namespace a;
    private RtNetlink netlink;
    private AddressWatch watch;

    @BeforeEach
    void createNetwork() throws Exception {
        lab = NetNs.create("lft");
        a = lab.namespace("a");
        NetNs.Namespace b = lab.namespace("b");
        lab.veth(a, "veth0", b, "veth0");
        netlink = a.call(RtNetlink::open);
        watch = AddressWatch.open(a);
    }

    @AfterEach
    void deleteNetwork() throws Exception {
        try {
            if (watch != null) {
                watch.close();
            }
            if (netlink != null) {
                netlink.close();
            }
        } finally {
            lab.close();
        }
    }

    @Test
    void theKernelDeletesAnIpv4AddressWhenItsLifetimeRunsOut() throws Exception {
        expires(AddressSpec.of(InetAddress.getByName("10.0.0.9"), 24), "-4");
    }

    @Test
    void theKernelDeletesAnIpv6AddressWhenItsLifetimeRunsOut() throws Exception {
        expires(AddressSpec.of(InetAddress.getByName("fd00::9"), 64), "-6");
    }

    @Test
    void aDeprecatedIpv6AddressKeepsItsPreferredLifetimeOfZero() throws Exception {
        InetAddress vip = InetAddress.getByName("fd00::10");
        netlink.addAddressFor(ifIndex(), "veth0", AddressSpec.of(vip, 128).withFlags(0, 0), 30);
        watch.awaitPresent("veth0", vip, WAIT);
        assertThat(a.exec("ip", "-6", "addr", "show", "dev", "veth0")).contains("fd00::10/128")
                .contains("deprecated").containsPattern("valid_lft (30|29)sec preferred_lft 0sec");
    }

    private void expires(AddressSpec spec, String family) throws Exception {
        int index = ifIndex();
        netlink.addAddressFor(index, "veth0", spec, 30);
        watch.awaitPresent("veth0", spec.address(), WAIT);
        assertThat(a.exec("ip", family, "addr", "show", "dev", "veth0"))
                .containsPattern("valid_lft (30|29)sec preferred_lft (30|29)sec");

        // renewed in place, shorter: no EEXIST, the same address with the new lifetime
        netlink.addAddressFor(index, "veth0", spec, 2);
        assertThat(a.exec("ip", family, "addr", "show", "dev", "veth0"))
                .containsPattern("valid_lft [12]sec preferred_lft [12]sec");
        assertThat(watch.removals(spec.address())).isZero();

        watch.awaitAbsent("veth0", spec.address(), WAIT);
        assertThat(a.exec("ip", family, "addr", "show", "dev", "veth0")).doesNotContain(
                spec.address().getHostAddress() + "/");
    }

    private int ifIndex() throws Exception {
        return netlink.links().stream().filter(l -> l.name().equals("veth0")).findFirst().orElseThrow().index();
    }
}
