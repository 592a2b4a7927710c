package io.keepwatch.vrrp.codec;

import io.keepwatch.vrrp.VrrpVersion;
import io.keepwatch.vrrp.AddressFamily;
import static io.keepwatch.vrrp.codec.Packets.hex;
import static io.keepwatch.vrrp.codec.Packets.ip;
import static io.keepwatch.vrrp.codec.Packets.slice;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.nio.ByteBuffer;
import java.util.List;

import org.junit.jupiter.api.Test;

/**
 * Frames sent by keepalived: we decode them, and our encoder reproduces them octet for octet. The
 * settings are those of src/test/resources/captures/keepalived.conf; subclasses say where the
 * frames come from.
 */
abstract class KeepalivedFramesContract {
    private static final int ETH = 14;
    private static final MacAddress KEEPALIVED_MAC = MacAddress.parse("02:00:00:00:00:0a");

    /** The frames of capture {@code name} (a file name of capture.sh's output). */
    abstract List<byte[]> frames(String name);

    private byte[] only(String name) {
        List<byte[]> frames = frames(name);
        assertThat(frames).hasSize(1);
        return frames.getFirst();
    }

    @Test
    void vrrpV2WithPassAuthDecodesAndIsReproduced() {
        byte[] frame = only("vrrp-v2-ipv4.pcap");
        byte[] datagram = slice(frame, ETH, frame.length);
        List<Inet4Address> vips = List.of((Inet4Address) ip("10.9.0.109"));
        Expectation ours = Expectation.v2(1, Authentication.pass("1111"), vips, false);

        DecodeResult result = VrrpDecoder.decodeIpv4Datagram(ByteBuffer.wrap(datagram), ours);

        assertThat(result).isInstanceOf(DecodeResult.Accepted.class);
        DecodeResult.Accepted accepted = (DecodeResult.Accepted) result;
        VrrpAdvert advert = accepted.advert();
        assertThat(advert.version()).isEqualTo(VrrpVersion.V2);
        assertThat(advert.vrid()).isEqualTo(51);
        assertThat(advert.priority()).isEqualTo(50);
        assertThat(advert.advertIntervalCentis()).isEqualTo(100);
        assertThat(advert.authentication()).isEqualTo(Authentication.pass("1111"));
        assertThat(advert.addresses()).containsExactly(ip("10.9.0.109"));
        assertThat(accepted.source()).isEqualTo(ip("10.9.0.1"));
        assertThat(accepted.addressListMismatch()).isFalse();

        VrrpAdvert same = VrrpAdvert.v2(51, 50, 1, Authentication.pass("1111"), vips);
        int ipId = ((datagram[4] & 0xFF) << 8) | (datagram[5] & 0xFF);
        byte[] encoded = Packets.encodeDatagram(same, Endpoints.multicast(ip("10.9.0.1")), ipId);
        assertThat(hex(encoded)).isEqualTo(hex(datagram));
    }

    @Test
    void keepalivedCountsTheIpIdUpByOnePerAdvert() {
        List<byte[]> frames = frames("vrrp-v2-ipv4-two.pcap");
        assertThat(frames).hasSize(2);
        int first = ((frames.get(0)[ETH + 4] & 0xFF) << 8) | (frames.get(0)[ETH + 5] & 0xFF);
        int second = ((frames.get(1)[ETH + 4] & 0xFF) << 8) | (frames.get(1)[ETH + 5] & 0xFF);
        assertThat(second).isEqualTo(VrrpEncoder.nextIpId(first));
        // DF clear and fragment offset 0, as keepalived leaves them.
        assertThat(frames.get(0)[ETH + 6]).isZero();
        assertThat(frames.get(0)[ETH + 7]).isZero();
    }

    @Test
    void vrrpV3Ipv4DecodesAndIsReproduced() {
        byte[] frame = only("vrrp-v3-ipv4.pcap");
        byte[] datagram = slice(frame, ETH, frame.length);
        List<Inet4Address> vips = List.of((Inet4Address) ip("10.9.0.110"), (Inet4Address) ip("10.9.0.111"));
        Expectation ours = Expectation.v3(AddressFamily.IPV4, 100, vips, false);

        DecodeResult.Accepted accepted =
                (DecodeResult.Accepted) VrrpDecoder.decodeIpv4Datagram(ByteBuffer.wrap(datagram), ours);

        VrrpAdvert advert = accepted.advert();
        assertThat(advert.version()).isEqualTo(VrrpVersion.V3);
        assertThat(advert.vrid()).isEqualTo(52);
        assertThat(advert.priority()).isEqualTo(100);
        assertThat(advert.advertIntervalCentis()).isEqualTo(100);
        assertThat(advert.addresses()).containsExactly(ip("10.9.0.110"), ip("10.9.0.111"));
        assertThat(accepted.addressListMismatch()).isFalse();
        assertThat(accepted.advertIntervalMismatch()).isFalse();

        VrrpAdvert same = VrrpAdvert.v3(AddressFamily.IPV4, 52, 100, 100, vips);
        int ipId = ((datagram[4] & 0xFF) << 8) | (datagram[5] & 0xFF);
        byte[] encoded = Packets.encodeDatagram(same, Endpoints.multicast(ip("10.9.0.1")), ipId);
        assertThat(hex(encoded)).isEqualTo(hex(datagram));
    }

    @Test
    void vrrpV3Ipv6DecodesAndIsReproduced() {
        byte[] frame = only("vrrp-v3-ipv6.pcap");
        // The kernel builds the IPv6 header; a raw socket hands over only what follows it.
        byte[] payload = slice(frame, ETH + 40, frame.length);
        int hopLimit = frame[ETH + 7] & 0xFF;
        var source = ip("fe80::ff:fe00:a");
        assertThat(slice(frame, ETH + 8, ETH + 24)).isEqualTo(source.getAddress());
        assertThat(hopLimit).isEqualTo(255);
        // keepalived asks for traffic class 0xc0 on IPv6 too.
        assertThat(((frame[ETH] & 0x0F) << 4) | ((frame[ETH + 1] & 0xF0) >>> 4)).isEqualTo(0xC0);
        List<Inet6Address> vips = List.of((Inet6Address) ip("fd00:9::109"));
        Expectation ours = Expectation.v3(AddressFamily.IPV6, 100, vips, false);

        DecodeResult.Accepted accepted = (DecodeResult.Accepted) VrrpDecoder.decode(ByteBuffer.wrap(payload),
                new ReceivedFrom(source, Endpoints.MULTICAST_IPV6, hopLimit), ours);

        VrrpAdvert advert = accepted.advert();
        assertThat(advert.version()).isEqualTo(VrrpVersion.V3);
        assertThat(advert.family()).isEqualTo(AddressFamily.IPV6);
        assertThat(advert.vrid()).isEqualTo(53);
        assertThat(advert.priority()).isEqualTo(150);
        assertThat(advert.addresses()).containsExactly(ip("fd00:9::109"));
        assertThat(accepted.source()).isEqualTo(source);

        VrrpAdvert same = VrrpAdvert.v3(AddressFamily.IPV6, 53, 150, 100, vips);
        assertThat(hex(Packets.encodeAdvert(same, Endpoints.multicast(source)))).isEqualTo(hex(payload));
    }

    @Test
    void gratuitousArpIsReproduced() {
        byte[] frame = only("garp.pcap");
        ByteBuffer out = ByteBuffer.allocate(GratuitousArp.FRAME_LENGTH);
        GratuitousArp.encode(KEEPALIVED_MAC, (Inet4Address) ip("10.9.0.109"), out);
        assertThat(hex(out.array())).isEqualTo(hex(frame));
    }

    @Test
    void unsolicitedNeighbourAdvertIsReproduced() {
        byte[] frame = only("unsolicited-na.pcap");
        ByteBuffer out = ByteBuffer.allocate(UnsolicitedNeighbourAdvert.FRAME_LENGTH);
        // The capture namespace does not forward IPv6, so keepalived leaves the Router flag clear.
        UnsolicitedNeighbourAdvert.encode(KEEPALIVED_MAC, (Inet6Address) ip("fd00:9::109"), false, out);
        assertThat(hex(out.array())).isEqualTo(hex(frame));
    }
}
