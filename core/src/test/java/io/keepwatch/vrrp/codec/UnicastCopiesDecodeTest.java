package io.keepwatch.vrrp.codec;

import static io.keepwatch.vrrp.codec.Packets.ip;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.keepwatch.vrrp.AddressFamily;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A multicast instance with split_brain_heal hears adverts another master sends it by unicast
 * ({@link Expectation#withUnicastCopies}); without it, such an advert is a cast mismatch as in
 * keepalived. The copy is still checked like any multicast advert: TTL / hop limit 255 (RFC 5798
 * 7.1) and the VRRPv3 checksum over the packet's own destination (RFC 5798 5.2.8).
 */
class UnicastCopiesDecodeTest {

    private static final InetAddress SELF = ip("10.9.0.1");
    private static final InetAddress PEER = ip("10.9.0.2");
    private static final List<InetAddress> VIPS = List.of(ip("10.9.0.100"));
    private static final Expectation V3 = Expectation.v3(AddressFamily.IPV4, 100, VIPS, false);
    private static final Expectation V2 = Expectation.v2(1, Authentication.pass("secret"), VIPS, false);

    private static byte[] datagram(VrrpAdvert advert, Endpoints to, int ttl) {
        ByteBuffer out = ByteBuffer.allocate(200);
        VrrpEncoder.encodeIpv4Datagram(advert, to, 7, ttl, out);
        byte[] bytes = new byte[out.position()];
        out.flip().get(bytes);
        return bytes;
    }

    @Test
    void aUnicastAdvertIsACastMismatchUnlessTheInstanceHeals() {
        byte[] copy = datagram(VrrpAdvert.v3(AddressFamily.IPV4, 51, 150, 100, VIPS), Endpoints.of(SELF, PEER), 255);

        assertThat(VrrpDecoder.decodeIpv4Datagram(ByteBuffer.wrap(copy), V3))
                .isInstanceOfSatisfying(DecodeResult.Rejected.class,
                        r -> assertThat(r.reason()).isEqualTo(RejectReason.CAST_MISMATCH));
        assertThat(VrrpDecoder.decodeIpv4Datagram(ByteBuffer.wrap(copy), V3.withUnicastCopies()))
                .isInstanceOfSatisfying(DecodeResult.Accepted.class, a -> {
                    assertThat(a.source()).isEqualTo(SELF);
                    assertThat(a.advert().priority()).isEqualTo(150);
                });
    }

    @Test
    void vrrpv2CopiesWithTheirPasswordAreHeardToo() {
        byte[] copy = datagram(VrrpAdvert.v2(51, 150, 1, Authentication.pass("secret"), VIPS), Endpoints.of(SELF, PEER), 255);

        assertThat(VrrpDecoder.decodeIpv4Datagram(ByteBuffer.wrap(copy), V2.withUnicastCopies()))
                .isInstanceOf(DecodeResult.Accepted.class);
    }

    @Test
    void aCopyMustStillCarryTtl255() {
        byte[] routed = datagram(VrrpAdvert.v3(AddressFamily.IPV4, 51, 150, 100, VIPS), Endpoints.of(SELF, PEER), 254);

        assertThat(VrrpDecoder.decodeIpv4Datagram(ByteBuffer.wrap(routed), V3.withUnicastCopies()))
                .isInstanceOfSatisfying(DecodeResult.Rejected.class,
                        r -> assertThat(r.reason()).isEqualTo(RejectReason.TTL));
    }

    @Test
    void aCopyChecksummedForTheGroupIsRejected() {
        // the multicast advert's bytes sent on to a unicast address: the pseudo-header no longer matches
        byte[] d = datagram(VrrpAdvert.v3(AddressFamily.IPV4, 51, 150, 100, VIPS), Endpoints.multicast(SELF), 255);
        System.arraycopy(PEER.getAddress(), 0, d, 16, 4);

        assertThat(VrrpDecoder.decodeIpv4Datagram(ByteBuffer.wrap(d), V3.withUnicastCopies()))
                .isInstanceOfSatisfying(DecodeResult.Rejected.class,
                        r -> assertThat(r.reason()).isEqualTo(RejectReason.CHECKSUM));
    }

    @Test
    void ipv6CopiesAreHeardWithHopLimit255() {
        InetAddress self6 = ip("fe80::1");
        InetAddress peer6 = ip("fe80::2");
        Expectation v6 = Expectation.v3(AddressFamily.IPV6, 100, List.of(ip("fd00::100")), false);
        byte[] copy = Packets.encodeAdvert(VrrpAdvert.v3(AddressFamily.IPV6, 51, 150, 100, List.of(ip("fd00::100"))),
                Endpoints.of(self6, peer6));

        assertThat(VrrpDecoder.decode(ByteBuffer.wrap(copy), new ReceivedFrom(self6, peer6, 255), v6))
                .isInstanceOfSatisfying(DecodeResult.Rejected.class,
                        r -> assertThat(r.reason()).isEqualTo(RejectReason.CAST_MISMATCH));
        assertThat(VrrpDecoder.decode(ByteBuffer.wrap(copy), new ReceivedFrom(self6, peer6, 255), v6.withUnicastCopies()))
                .isInstanceOf(DecodeResult.Accepted.class);
        assertThat(VrrpDecoder.decode(ByteBuffer.wrap(copy), new ReceivedFrom(self6, peer6, 64), v6.withUnicastCopies()))
                .isInstanceOfSatisfying(DecodeResult.Rejected.class,
                        r -> assertThat(r.reason()).isEqualTo(RejectReason.TTL));
    }

    @Test
    void aUnicastInstanceNeedsNoCopies() {
        assertThatThrownBy(() -> Expectation.v3(AddressFamily.IPV4, 100, VIPS, true).withUnicastCopies())
                .isInstanceOf(IllegalStateException.class);
    }
}
