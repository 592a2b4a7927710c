package io.keepwatch.vrrp.codec;

import io.keepwatch.vrrp.VrrpVersion;
import io.keepwatch.vrrp.AddressFamily;
import static io.keepwatch.vrrp.codec.Packets.ip;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

class VrrpEncoderTest {
    private static final List<InetAddress> VIPS = List.of(ip("10.9.0.109"));

    @Test
    void writesAtThePositionAndAdvancesIt() {
        VrrpAdvert advert = VrrpAdvert.v2(51, 50, 1, Authentication.pass("1111"), VIPS);
        ByteBuffer out = ByteBuffer.allocate(100);
        out.position(10);
        int n = VrrpEncoder.encodeIpv4Datagram(advert, Endpoints.multicast(ip("10.9.0.1")), 1, out);
        assertThat(n).isEqualTo(40).isEqualTo(VrrpEncoder.ipv4DatagramLength(advert));
        assertThat(out.position()).isEqualTo(50);
        assertThat(out.get(10)).isEqualTo((byte) 0x45);
        assertThat(out.get(9)).isZero();
        assertThat(out.get(50)).isZero();
    }

    @Test
    void aNewIpIdGivesTheDatagramEncodedWithIt() {
        // The data plane encodes an advert once per priority and only rewrites the IP ID per send.
        VrrpAdvert advert = VrrpAdvert.v2(51, 150, 1, Authentication.pass("1111"), VIPS);
        Endpoints to = Endpoints.multicast(ip("10.9.0.1"));
        byte[] reused = Packets.encodeDatagram(advert, to, 0);
        for (int id : new int[] {1, 2, 0x1234, 0xFFFF}) {
            VrrpEncoder.setIpv4Id(reused, id);
            assertThat(reused).as("IP ID %d", id).isEqualTo(Packets.encodeDatagram(advert, to, id));
        }
        assertThatThrownBy(() -> VrrpEncoder.setIpv4Id(reused, 0x10000)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> VrrpEncoder.setIpv4Id(new byte[12], 1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void refusesWhatCannotBeAValidPacketBeforeWriting() {
        VrrpAdvert advert = VrrpAdvert.v3(AddressFamily.IPV4, 51, 50, 100, VIPS);
        ByteBuffer small = ByteBuffer.allocate(11);
        assertThatThrownBy(() -> VrrpEncoder.encodeAdvert(advert, Endpoints.multicast(ip("10.9.0.1")), small))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("11 octets left");
        assertThat(small.position()).isZero();
        assertThatThrownBy(() -> VrrpEncoder.encodeAdvert(advert, Endpoints.multicast(ip("fe80::1")), ByteBuffer.allocate(100)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("IPV6");
        VrrpAdvert v6 = VrrpAdvert.v3(AddressFamily.IPV6, 51, 50, 100, List.of(ip("fd00::1")));
        assertThatThrownBy(() -> VrrpEncoder.encodeIpv4Datagram(v6, Endpoints.multicast(ip("fe80::1")), 1, ByteBuffer.allocate(100)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void advertFieldsAreValidated() {
        assertThatThrownBy(() -> VrrpAdvert.v2(0, 50, 1, Authentication.NONE, VIPS)).hasMessageContaining("virtual_router_id");
        assertThatThrownBy(() -> VrrpAdvert.v2(1, 256, 1, Authentication.NONE, VIPS)).hasMessageContaining("priority");
        assertThatThrownBy(() -> VrrpAdvert.v2(1, 50, 256, Authentication.NONE, VIPS)).hasMessageContaining("advert_int");
        assertThatThrownBy(() -> VrrpAdvert.v2(1, 50, 1, Authentication.NONE, List.of(ip("fd00::1")))).hasMessageContaining("IPV4");
        assertThatThrownBy(() -> VrrpAdvert.v3(AddressFamily.IPV4, 1, 50, 4096, VIPS)).hasMessageContaining("4095");
        assertThatThrownBy(() -> Authentication.pass("123456789")).hasMessageContaining("8 octets");
        List<InetAddress> tooMany = new ArrayList<>();
        for (int i = 0; i < 256; i++) {
            tooMany.add(ip("10.1." + i / 200 + "." + i % 200));
        }
        assertThatThrownBy(() -> VrrpAdvert.v3(AddressFamily.IPV4, 1, 50, 100, tooMany)).hasMessageContaining("255");
    }

    @Test
    void withPriorityKeepsEverythingElse() {
        VrrpAdvert advert = VrrpAdvert.v2(51, 50, 1, Authentication.pass("1111"), VIPS);
        VrrpAdvert stopping = advert.withPriority(0);
        assertThat(stopping.priority()).isZero();
        assertThat(stopping.withPriority(50)).isEqualTo(advert);
    }

    @Test
    void v3IntervalSetsNoReservedBits() {
        VrrpAdvert advert = VrrpAdvert.v3(AddressFamily.IPV4, 51, 50, 4095, VIPS);
        byte[] out = Packets.encodeAdvert(advert, Endpoints.multicast(ip("10.9.0.1")));
        assertThat(out[4]).isEqualTo((byte) 0x0F);
        assertThat(out[5]).isEqualTo((byte) 0xFF);
    }

    @Test
    void ipv4MappedIpv6AddressesStayIpv6() throws Exception {
        byte[] mapped = new byte[16];
        mapped[10] = (byte) 0xff;
        mapped[11] = (byte) 0xff;
        mapped[12] = 10;
        mapped[15] = 1;
        InetAddress address = java.net.Inet6Address.getByAddress(null, mapped, -1);
        VrrpAdvert advert = VrrpAdvert.v3(AddressFamily.IPV6, 1, 100, 100, List.of(address));
        assertThat(advert.addresses()).singleElement().isInstanceOf(java.net.Inet6Address.class);
        assertThat(VrrpAdvert.v3(AddressFamily.IPV6, 1, 100, 100, advert.addresses())).isEqualTo(advert);
    }

    @Test
    void ipIdSkipsZero() {
        assertThat(VrrpEncoder.nextIpId(0)).isEqualTo(1);
        assertThat(VrrpEncoder.nextIpId(41)).isEqualTo(42);
        assertThat(VrrpEncoder.nextIpId(0xFFFF)).isEqualTo(1);
    }

    @Test
    void maxAddressesFollowKeepalived() {
        assertThat(VrrpLimits.maxAddresses(VrrpVersion.V2, AddressFamily.IPV4, 1500)).isEqualTo(255);
        assertThat(VrrpLimits.maxAddresses(VrrpVersion.V3, AddressFamily.IPV4, 1500)).isEqualTo(255);
        assertThat(VrrpLimits.maxAddresses(VrrpVersion.V3, AddressFamily.IPV6, 1500)).isEqualTo(89);
        assertThat(VrrpLimits.maxAddresses(VrrpVersion.V2, AddressFamily.IPV4, 576)).isEqualTo((576 - 50) / 4);
        assertThat(VrrpLimits.maxAddresses(VrrpVersion.V3, AddressFamily.IPV6, 40)).isZero();
    }

    @Test
    void maximalAdvertsFitTheMtu() {
        int max6 = VrrpLimits.maxAddresses(VrrpVersion.V3, AddressFamily.IPV6, 1500);
        List<InetAddress> v6 = new ArrayList<>();
        for (int i = 0; i < max6; i++) {
            v6.add(ip("fd00::" + Integer.toHexString(i + 1)));
        }
        VrrpAdvert advert = VrrpAdvert.v3(AddressFamily.IPV6, 1, 100, 100, v6);
        assertThat(40 + VrrpEncoder.advertLength(advert)).isLessThanOrEqualTo(1500);
    }

    @Test
    void macAddresses() {
        MacAddress mac = MacAddress.parse("02:00:00:00:00:0a");
        assertThat(mac.toString()).isEqualTo("02:00:00:00:00:0a");
        assertThat(MacAddress.of(mac.octets())).isEqualTo(mac);
        assertThatThrownBy(() -> MacAddress.parse("02:00:00:00:00")).hasMessageContaining("not a MAC");
        assertThatThrownBy(() -> MacAddress.parse("02:00:00:00:00:zz")).hasMessageContaining("not a MAC");
    }

    @Test
    void passwordNeverShowsInText() {
        assertThat(Authentication.pass("secret").toString()).doesNotContain("secret");
        assertThat(VrrpAdvert.v2(1, 1, 1, Authentication.pass("secret"), VIPS).toString()).doesNotContain("secret");
    }
}
