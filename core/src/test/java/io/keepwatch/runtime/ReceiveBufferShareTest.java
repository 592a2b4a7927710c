package io.keepwatch.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.keepwatch.config.ConfigLoader;
import io.keepwatch.config.model.KeepalivedConfig;
import io.keepwatch.config.model.VrrpInstanceConfig;
import io.keepwatch.runtime.net.ReceiveBufferShare;
import java.net.InetAddress;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * What each instance adds to its VRRP socket's receive buffer, as keepalived 2.2.7's
 * vrrp_create_sockpool counts it: kernel_rx_buf_size first, then the policy's size, then the
 * multiplier times the advert's length (vrrp_adv_len), then the multiplier times the MTU.
 */
class ReceiveBufferShareTest {

    private static ReceiveBufferShare share(String globals, String instance) {
        var r = ConfigLoader.loadString("t.conf", "global_defs {\n" + globals + "\n}\n" + instance,
                Path.of("/nonexistent"), "node1");
        assertThat(r.errors()).isEmpty();
        KeepalivedConfig c = r.config().orElseThrow();
        VrrpInstanceConfig vi = c.instances().getFirst();
        var spec = InstanceSpecs.from(vi, c, InetAddress.ofLiteral(InstanceSpecs.isIpv6(vi) ? "fe80::1" : "10.0.0.9"));
        return Wirings.receiveBufferShare(vi, spec, c.global().receiveBuffers().vrrp());
    }

    private static String instance(String extra, String... vips) {
        return "vrrp_instance VI_1 {\n interface eth0\n virtual_router_id 1\n" + extra
                + " virtual_ipaddress {\n" + String.join("\n", vips) + "\n }\n}\n";
    }

    @Test
    void nothingUnlessAsked() {
        assertThat(share("", instance("", "10.0.0.1/24"))).isEqualTo(ReceiveBufferShare.NONE);
    }

    @Test
    void theInstancesOwnSizeComesFirst() {
        assertThat(share("vrrp_rx_bufs_policy 5000", instance(" kernel_rx_buf_size 70000\n", "10.0.0.1/24")))
                .isEqualTo(new ReceiveBufferShare(70000, 0));
        assertThat(share("vrrp_rx_bufs_policy 5000", instance("", "10.0.0.1/24")))
                .isEqualTo(new ReceiveBufferShare(5000, 0));
    }

    @Test
    void advertIsTheMultiplierTimesTheAdvertWithItsHeaders() {
        // VRRPv2 IPv4: 20 (IP) + 8 (VRRP) + 8 (authentication data) + 4 per address
        assertThat(share("vrrp_rx_bufs_policy ADVERT", instance("", "10.0.0.1/24", "10.0.0.2/24")))
                .isEqualTo(new ReceiveBufferShare(3 * (20 + 8 + 8 + 8), 0));
        // with IPsec AH, its 24-byte header too
        assertThat(share("vrrp_rx_bufs_policy ADVERT\nvrrp_rx_bufs_multiplier 2", instance(
                " state BACKUP\n authentication {\n auth_type AH\n auth_pass secret\n }\n", "10.0.0.1/24")))
                .isEqualTo(new ReceiveBufferShare(2 * (20 + 8 + 8 + 4 + 24), 0));
        // VRRPv3 IPv6: the VRRP packet only, 8 + 16 per address
        assertThat(share("vrrp_rx_bufs_policy ADVERT", instance(" version 3\n", "fe80::10", "2001:db8::10/64")))
                .isEqualTo(new ReceiveBufferShare(3 * (8 + 32), 0));
    }

    @Test
    void mtuIsTheMultiplierTimesTheInterfacesMtu() {
        assertThat(share("vrrp_rx_bufs_policy MTU\nvrrp_rx_bufs_multiplier 7", instance("", "10.0.0.1/24")))
                .isEqualTo(new ReceiveBufferShare(0, 7));
    }
}
