package io.keepwatch.linux;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import org.junit.jupiter.api.Test;

class SmallTypesTest {

    @Test
    void capabilitiesComeFromCapEffBits12And13() {
        assertThat(Capabilities.parse("Name:\tx\nCapEff:\t0000000000003000\n")).isEqualTo(new Capabilities(true, true));
        assertThat(Capabilities.parse("CapEff:\t0000000000002000\n")).isEqualTo(new Capabilities(false, true));
        Capabilities none = Capabilities.parse("CapEff:\t0000000000000000\n");
        assertThat(none.sufficient()).isFalse();
        assertThat(none.missingMessage()).contains("CAP_NET_ADMIN and CAP_NET_RAW");
        assertThat(Capabilities.parse("CapEff:\t000001ffffffffff").missingMessage()).isNull();
        assertThatThrownBy(() -> Capabilities.parse("Name: x")).hasMessageContaining("CapEff");
    }

    @Test
    void layoutsMatchTheLinuxAbi() {
        assertThat(Layouts.offset(Layouts.MSGHDR, "msg_controllen")).isEqualTo(40);
        assertThat(Layouts.offset(Layouts.MSGHDR, "msg_flags")).isEqualTo(48);
        assertThat(Layouts.offset(Layouts.SOCKADDR_IN6, "sin6_scope_id")).isEqualTo(24);
        assertThat(Layouts.offset(Layouts.SOCKADDR_LL, "sll_addr")).isEqualTo(12);
        assertThat(Layouts.offset(Layouts.IN_PKTINFO, "ipi_addr")).isEqualTo(8);
        assertThat(Layouts.offset(Layouts.IFREQ, "sa_data")).isEqualTo(18);
        assertThat(Layouts.offset(Layouts.NLMSGERR, "msg")).isEqualTo(4);
        assertThat(Layouts.size(Layouts.IFINFOMSG)).isEqualTo(16);
    }

    @Test
    void addressSpecRejectsBadInputClearly() throws Exception {
        InetAddress v4 = InetAddress.getByName("10.0.0.1");
        InetAddress v6 = InetAddress.getByName("fd00::1");
        assertThatThrownBy(() -> AddressSpec.of(v4, 33)).hasMessageContaining("prefix length 33 out of 0..32");
        assertThatThrownBy(() -> AddressSpec.of(v6, 129)).hasMessageContaining("0..128");
        assertThatThrownBy(() -> AddressSpec.of(v6, 64).withBroadcast(v4)).hasMessageContaining("only applies to IPv4");
        assertThatThrownBy(() -> AddressSpec.of(v4, 32).withLabel("a-label-far-too-long")).hasMessageContaining("1..15");
        assertThat(AddressSpec.of(v4, 32).noDad()).isFalse();
        assertThat(AddressSpec.of(v6, 64).noDad()).isTrue();
        assertThat(AddressSpec.of(v6, 64)).hasToString("fd00:0:0:0:0:0:0:1/64");
    }

    @Test
    void macAddressParsesAndPrintsLikeIpLink() {
        HardwareAddress mac = HardwareAddress.parse("02:aa:bb:cc:dd:0e");
        assertThat(mac).hasToString("02:aa:bb:cc:dd:0e");
        assertThat(mac).isEqualTo(new HardwareAddress(new byte[] {2, (byte) 0xaa, (byte) 0xbb, (byte) 0xcc, (byte) 0xdd, 14}));
    }

    @Test
    void threadsStartNamedPlatformDaemons() throws Exception {
        Thread t = Threads.startPlatformDaemon("kw-test-daemon", () -> { });
        assertThat(t.isVirtual()).isFalse();
        assertThat(t.isDaemon()).isTrue();
        assertThat(t.getName()).isEqualTo("kw-test-daemon");
        t.join();
    }
}
