package io.keepwatch.vrrp.codec;

import io.keepwatch.vrrp.AddressFamily;
import static io.keepwatch.vrrp.codec.Packets.ip;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;

import org.junit.jupiter.api.Test;

/** One malformed input per rejection reason, each producing exactly that reason; plus the order between them. */
class VrrpDecoderRejectionTest {
    private static final InetAddress SELF = ip("10.9.0.1");
    private static final InetAddress PEER = ip("10.9.0.2");
    private static final List<InetAddress> VIPS = List.of(ip("10.9.0.109"));
    private static final Authentication PASS = Authentication.pass("1111");
    private static final Expectation V2_MULTICAST = Expectation.v2(1, PASS, VIPS, false);
    private static final Expectation V2_UNICAST = Expectation.v2(1, PASS, VIPS, true);
    private static final Expectation V3_MULTICAST = Expectation.v3(AddressFamily.IPV4, 100, VIPS, false);
    private static final int IP = 20;

    private static byte[] v2Datagram() {
        return Packets.encodeDatagram(VrrpAdvert.v2(51, 50, 1, PASS, VIPS), Endpoints.multicast(SELF), 1);
    }

    private static byte[] v3Datagram() {
        return Packets.encodeDatagram(VrrpAdvert.v3(AddressFamily.IPV4, 51, 50, 100, VIPS), Endpoints.multicast(SELF), 1);
    }

    /** A valid VRRPv2 datagram changed by {@code change}, with its VRRP checksum made right again. */
    private static byte[] v2With(Consumer<byte[]> change) {
        byte[] d = v2Datagram();
        change.accept(d);
        Packets.fixIpv4VrrpChecksum(d);
        return d;
    }

    private static DecodeResult decode(byte[] datagram, Expectation expectation) {
        return VrrpDecoder.decodeIpv4Datagram(ByteBuffer.wrap(datagram), expectation);
    }

    private static void assertRejected(DecodeResult result, RejectReason reason) {
        assertThat(result).isInstanceOfSatisfying(DecodeResult.Rejected.class,
                r -> assertThat(r.reason()).as(r.detail()).isEqualTo(reason));
    }

    private static DecodeResult.Accepted assertAccepted(DecodeResult result) {
        assertThat(result).isInstanceOf(DecodeResult.Accepted.class);
        return (DecodeResult.Accepted) result;
    }

    @Test
    void validAdvertsAreAccepted() {
        assertAccepted(decode(v2Datagram(), V2_MULTICAST));
        assertAccepted(decode(v3Datagram(), V3_MULTICAST));
    }

    @Test
    void addressFamily() {
        assertRejected(decode(v3Datagram(), Expectation.v3(AddressFamily.IPV6, 100, List.of(), false)),
                RejectReason.ADDRESS_FAMILY);
        byte[] payload = Arrays.copyOfRange(v3Datagram(), IP, v3Datagram().length);
        assertRejected(VrrpDecoder.decode(ByteBuffer.wrap(payload),
                new ReceivedFrom(ip("fe80::1"), Endpoints.MULTICAST_IPV6, 255), V3_MULTICAST), RejectReason.ADDRESS_FAMILY);
    }

    @Test
    void ipHeader() {
        assertRejected(decode(v2With(d -> d[0] = 0x65), V2_MULTICAST), RejectReason.IP_HEADER);
        assertRejected(decode(v2With(d -> d[0] = 0x44), V2_MULTICAST), RejectReason.IP_HEADER);
    }

    @Test
    void ipProtocol() {
        assertRejected(decode(v2With(d -> d[9] = 17), V2_MULTICAST), RejectReason.IP_PROTOCOL);
    }

    @Test
    void ipsecAhIsAnAuthTypeMismatch() {
        assertRejected(decode(v2With(d -> d[9] = 51), V2_MULTICAST), RejectReason.AUTH_TYPE_MISMATCH);
    }

    @Test
    void lengthShortLongAndCount() {
        byte[] d = v2Datagram();
        assertRejected(decode(Arrays.copyOf(d, d.length - 1), V2_MULTICAST), RejectReason.LENGTH);
        // 4 extra octets are not Ethernet padding (that leaves 2 modulo 4).
        assertRejected(decode(Arrays.copyOf(d, d.length + 4), V2_MULTICAST), RejectReason.LENGTH);
        assertRejected(decode(v2With(x -> x[IP + 3] = 2), V2_MULTICAST), RejectReason.LENGTH);
        assertRejected(decode(new byte[0], V2_MULTICAST), RejectReason.LENGTH);
        assertRejected(decode(Arrays.copyOf(d, IP + 7), V2_MULTICAST), RejectReason.LENGTH);
    }

    @Test
    void ethernetPaddingIsAllowedAsKeepalivedAllows() {
        byte[] d = v2Datagram(); // 40 octets: padded to 46 on a minimum Ethernet frame
        DecodeResult.Accepted accepted = assertAccepted(decode(Arrays.copyOf(d, 46), V2_MULTICAST));
        assertThat(accepted.advert().addresses()).containsExactlyElementsOf(VIPS);
        // Behind one VLAN tag the kernel leaves 4 octets less padding.
        assertAccepted(decode(Arrays.copyOf(d, 42), V2_MULTICAST));
    }

    @Test
    void vridZero() {
        assertRejected(decode(v2With(d -> d[IP + 1] = 0), V2_MULTICAST), RejectReason.VRID);
    }

    @Test
    void ttlOnMulticastOnly() {
        byte[] lowTtl = v2With(d -> d[8] = 64);
        assertRejected(decode(lowTtl, V2_MULTICAST), RejectReason.TTL);
        // keepalived skips the TTL check on unicast instances: a routed unicast advert is fine.
        byte[] unicastLowTtl = Packets.encodeDatagram(VrrpAdvert.v2(51, 50, 1, PASS, VIPS), Endpoints.of(SELF, PEER), 7);
        unicastLowTtl[8] = 64;
        assertAccepted(decode(unicastLowTtl, V2_UNICAST));
    }

    @Test
    void unicastPeerTtlRange() {
        // keepalived (check_unicast_src, which min_ttl/max_ttl turn on): a peer's adverts must arrive
        // within its range
        Expectation ranged = V2_UNICAST.withUnicastSourceCheck(List.of(new PeerTtl(SELF, 250, 254),
                new PeerTtl(PEER, 0, 10)));
        byte[] advert = Packets.encodeDatagram(VrrpAdvert.v2(51, 50, 1, PASS, VIPS), Endpoints.of(SELF, PEER), 7);
        advert[8] = 64;
        DecodeResult low = decode(advert, ranged);
        assertRejected(low, RejectReason.TTL);
        assertThat(((DecodeResult.Rejected) low).detail()).isEqualTo("TTL/hop limit 64 from 10.9.0.1 not in range 250-254");
        advert[8] = (byte) 250;
        assertAccepted(decode(advert, ranged));
        advert[8] = (byte) 255;
        assertRejected(decode(advert, ranged), RejectReason.TTL);
        // a listed source without a range of its own is not limited
        assertAccepted(decode(advert, V2_UNICAST.withUnicastSourceCheck(List.of(new PeerTtl(SELF, 0, 255)))));

        InetAddress source = ip("fd00::2");
        InetAddress self = ip("fd00::1");
        List<InetAddress> vips = List.of(ip("fd00::100"));
        Expectation v6 = Expectation.v3(AddressFamily.IPV6, 100, vips, true)
                .withUnicastSourceCheck(List.of(new PeerTtl(source, 255, 255)));
        byte[] payload = Packets.encodeAdvert(VrrpAdvert.v3(AddressFamily.IPV6, 7, 100, 100, vips), Endpoints.of(source, self));
        assertAccepted(VrrpDecoder.decode(ByteBuffer.wrap(payload), new ReceivedFrom(source, self, 255), v6));
        assertRejected(VrrpDecoder.decode(ByteBuffer.wrap(payload), new ReceivedFrom(source, self, 63), v6), RejectReason.TTL);
    }

    @Test
    void unicastSourceCheckedOnlyWithCheckUnicastSrc() {
        // keepalived hears a unicast advert from any source unless check_unicast_src is set
        byte[] advert = Packets.encodeDatagram(VrrpAdvert.v2(51, 50, 1, PASS, VIPS), Endpoints.of(SELF, PEER), 7);
        DecodeResult.Accepted heard = assertAccepted(decode(advert, V2_UNICAST));
        assertThat(heard.source()).isEqualTo(SELF);

        Expectation checked = V2_UNICAST.withUnicastSourceCheck(List.of(new PeerTtl(ip("10.9.0.3"), 0, 255)));
        DecodeResult stranger = decode(advert, checked);
        assertRejected(stranger, RejectReason.UNICAST_SOURCE);
        assertThat(((DecodeResult.Rejected) stranger).detail())
                .isEqualTo("unicast source address 10.9.0.1 is not a unicast peer");
        // without check_unicast_src, a range is not checked either (keepalived checks it inside that test)
        advert[8] = 64;
        assertAccepted(decode(advert, V2_UNICAST));
        // the source check comes after the cast check: a multicast advert is a cast mismatch first
        assertRejected(decode(v2Datagram(), checked), RejectReason.CAST_MISMATCH);
    }

    @Test
    void version() {
        assertRejected(decode(v3Datagram(), V2_MULTICAST), RejectReason.VERSION);
        assertRejected(decode(v2Datagram(), V3_MULTICAST), RejectReason.VERSION);
    }

    @Test
    void authTypeUnknown() {
        assertRejected(decode(v2With(d -> d[IP + 4] = 3), V2_MULTICAST), RejectReason.AUTH_TYPE_UNKNOWN);
    }

    @Test
    void authTypeMismatch() {
        assertRejected(decode(v2With(d -> d[IP + 4] = 0), V2_MULTICAST), RejectReason.AUTH_TYPE_MISMATCH);
        assertRejected(decode(v2Datagram(), Expectation.v2(1, Authentication.NONE, VIPS, false)),
                RejectReason.AUTH_TYPE_MISMATCH);
    }

    @Test
    void authFailure() {
        assertRejected(decode(v2Datagram(), Expectation.v2(1, Authentication.pass("1112"), VIPS, false)),
                RejectReason.AUTH_FAILURE);
        // NUL padding is part of the password: "1111" is not "1111x".
        assertRejected(decode(v2With(d -> d[d.length - 4] = 'x'), V2_MULTICAST), RejectReason.AUTH_FAILURE);
    }

    @Test
    void noAuthenticationIgnoresTheField() {
        Expectation none = Expectation.v2(1, Authentication.NONE, VIPS, false);
        byte[] d = Packets.encodeDatagram(VrrpAdvert.v2(51, 50, 1, Authentication.NONE, VIPS), Endpoints.multicast(SELF), 1);
        d[d.length - 1] = 'z';
        Packets.fixIpv4VrrpChecksum(d);
        assertAccepted(decode(d, none));
    }

    @Test
    void advertIntervalMismatchOnV2() {
        assertRejected(decode(v2With(d -> d[IP + 5] = 2), V2_MULTICAST), RejectReason.ADVERT_INTERVAL_MISMATCH);
    }

    @Test
    void advertIntervalMismatchOnV3IsOnlyFlagged() {
        DecodeResult.Accepted accepted = assertAccepted(decode(v3Datagram(), Expectation.v3(AddressFamily.IPV4, 200, VIPS, false)));
        assertThat(accepted.advertIntervalMismatch()).isTrue();
        assertThat(accepted.advert().advertIntervalCentis()).isEqualTo(100);
    }

    @Test
    void v3ReservedBitsAreIgnored() {
        byte[] d = v3Datagram();
        d[IP + 4] |= (byte) 0xF0;
        Packets.fixIpv4VrrpChecksum(d);
        DecodeResult.Accepted accepted = assertAccepted(decode(d, V3_MULTICAST));
        assertThat(accepted.advert().advertIntervalCentis()).isEqualTo(100);
    }

    @Test
    void type() {
        assertRejected(decode(v2With(d -> d[IP] = 0x22), V2_MULTICAST), RejectReason.TYPE);
    }

    @Test
    void ipTotalLength() {
        assertRejected(decode(v2With(d -> d[3] = 41), V2_MULTICAST), RejectReason.IP_TOTAL_LENGTH);
    }

    @Test
    void checksum() {
        byte[] d = v2Datagram();
        d[IP + 7] ^= 1;
        assertRejected(decode(d, V2_MULTICAST), RejectReason.CHECKSUM);
        byte[] v3 = v3Datagram();
        v3[IP + 7] ^= 1;
        assertRejected(decode(v3, V3_MULTICAST), RejectReason.CHECKSUM);
    }

    @Test
    void v3ChecksumCoversTheRealDestination() {
        // Sent to a unicast peer but checksummed as if to the multicast group: keepalived's old
        // unicast checksum, which RFC 5798 5.2.8 does not allow.
        VrrpAdvert advert = VrrpAdvert.v3(AddressFamily.IPV4, 51, 50, 100, VIPS);
        byte[] d = Packets.encodeDatagram(advert, Endpoints.multicast(SELF), 1);
        System.arraycopy(PEER.getAddress(), 0, d, 16, 4);
        assertRejected(decode(d, Expectation.v3(AddressFamily.IPV4, 100, VIPS, true)), RejectReason.CHECKSUM);
    }

    @Test
    void castMismatch() {
        assertRejected(decode(v2Datagram(), V2_UNICAST), RejectReason.CAST_MISMATCH);
        byte[] unicast = Packets.encodeDatagram(VrrpAdvert.v2(51, 50, 1, PASS, VIPS), Endpoints.of(SELF, PEER), 1);
        assertRejected(decode(unicast, V2_MULTICAST), RejectReason.CAST_MISMATCH);
    }

    @Test
    void differentAddressListIsAcceptedAndFlagged() {
        byte[] other = Packets.encodeDatagram(VrrpAdvert.v2(51, 50, 1, PASS, List.of(ip("10.9.0.200"))),
                Endpoints.multicast(SELF), 1);
        assertThat(assertAccepted(decode(other, V2_MULTICAST)).addressListMismatch()).isTrue();
        byte[] more = Packets.encodeDatagram(VrrpAdvert.v2(51, 50, 1, PASS, List.of(ip("10.9.0.109"), ip("10.9.0.110"))),
                Endpoints.multicast(SELF), 1);
        assertThat(assertAccepted(decode(more, V2_MULTICAST)).addressListMismatch()).isTrue();
        Expectation twoReordered = Expectation.v2(1, PASS, List.of(ip("10.9.0.110"), ip("10.9.0.109")), false);
        assertThat(assertAccepted(decode(more, twoReordered)).addressListMismatch()).isFalse();
        // Same count but a repeated address still misses one of ours.
        byte[] repeated = Packets.encodeDatagram(VrrpAdvert.v2(51, 50, 1, PASS, List.of(ip("10.9.0.110"), ip("10.9.0.110"))),
                Endpoints.multicast(SELF), 1);
        assertThat(assertAccepted(decode(repeated, twoReordered)).addressListMismatch()).isTrue();
    }

    @Test
    void ipv6HopLimitChecksumAndUnknownHopLimit() {
        InetAddress source = ip("fe80::1");
        List<InetAddress> vips = List.of(ip("fd00::1"));
        Expectation ours = Expectation.v3(AddressFamily.IPV6, 100, vips, false);
        byte[] payload = Packets.encodeAdvert(VrrpAdvert.v3(AddressFamily.IPV6, 7, 100, 100, vips), Endpoints.multicast(source));
        assertAccepted(VrrpDecoder.decode(ByteBuffer.wrap(payload), new ReceivedFrom(source, Endpoints.MULTICAST_IPV6, 255), ours));
        assertRejected(VrrpDecoder.decode(ByteBuffer.wrap(payload), new ReceivedFrom(source, Endpoints.MULTICAST_IPV6, 1), ours),
                RejectReason.TTL);
        assertAccepted(VrrpDecoder.decode(ByteBuffer.wrap(payload),
                new ReceivedFrom(source, Endpoints.MULTICAST_IPV6, ReceivedFrom.UNKNOWN_HOP_LIMIT), ours));
        // Another source changes the pseudo-header, so the same octets fail the checksum.
        assertRejected(VrrpDecoder.decode(ByteBuffer.wrap(payload), new ReceivedFrom(ip("fe80::2"), Endpoints.MULTICAST_IPV6, 255), ours),
                RejectReason.CHECKSUM);
    }

    @Test
    void faultsAreReportedInKeepalivedsOrder() {
        // length before TTL
        assertRejected(decode(v2With(d -> { d[8] = 1; d[IP + 3] = 9; }), V2_MULTICAST), RejectReason.LENGTH);
        // TTL before version
        assertRejected(decode(v2With(d -> d[8] = 1), V3_MULTICAST), RejectReason.TTL);
        // version before auth type
        byte[] v3 = v3Datagram();
        v3[IP + 4] = 9; // read as a VRRPv2 auth type, 9 would be unknown
        Packets.fixIpv4VrrpChecksum(v3);
        assertRejected(decode(v3, V2_MULTICAST), RejectReason.VERSION);
        // the length is sized by the received version, so an unknown version is usually too long first
        assertRejected(decode(v2With(d -> d[IP] = 0x41), V2_MULTICAST), RejectReason.LENGTH);
        // auth before advert interval
        assertRejected(decode(v2With(d -> { d[d.length - 1] = 1; d[IP + 5] = 3; }), V2_MULTICAST), RejectReason.AUTH_FAILURE);
        // advert interval before type
        assertRejected(decode(v2With(d -> { d[IP + 5] = 3; d[IP] = 0x25; }), V2_MULTICAST), RejectReason.ADVERT_INTERVAL_MISMATCH);
        // type before IP total length
        assertRejected(decode(v2With(d -> { d[IP] = 0x25; d[3] = 1; }), V2_MULTICAST), RejectReason.TYPE);
        // IP total length before checksum
        byte[] both = v2Datagram();
        both[3] = 1;
        both[IP + 6] ^= 1;
        assertRejected(decode(both, V2_MULTICAST), RejectReason.IP_TOTAL_LENGTH);
        // checksum before cast
        byte[] badSum = v2Datagram();
        badSum[IP + 6] ^= 1;
        assertRejected(decode(badSum, V2_UNICAST), RejectReason.CHECKSUM);
    }

    @Test
    void rejectionsCarryTheVridWhenThereIsOne() {
        DecodeResult r = decode(v2With(d -> d[IP + 4] = 7), V2_MULTICAST);
        assertThat(((DecodeResult.Rejected) r).vrid()).isEqualTo(51);
        assertThat(((DecodeResult.Rejected) decode(new byte[3], V2_MULTICAST)).vrid()).isEqualTo(-1);
    }

    @Test
    void peekVrid() {
        byte[] d = v2Datagram();
        assertThat(VrrpDecoder.peekVridIpv4Datagram(ByteBuffer.wrap(d))).isEqualTo(51);
        assertThat(VrrpDecoder.peekVrid(ByteBuffer.wrap(d, IP, d.length - IP))).isEqualTo(51);
        assertThat(VrrpDecoder.peekVridIpv4Datagram(ByteBuffer.wrap(d, 0, IP + 7))).isEqualTo(-1);
        assertThat(VrrpDecoder.peekVrid(ByteBuffer.wrap(new byte[7]))).isEqualTo(-1);
    }

    @Test
    void everyTruncationIsALengthRejection() {
        for (byte[] d : List.of(v2Datagram(), v3Datagram())) {
            for (int len = 0; len < d.length; len++) {
                ByteBuffer prefix = ByteBuffer.wrap(d, 0, len);
                assertRejected(VrrpDecoder.decodeIpv4Datagram(prefix, V2_MULTICAST), RejectReason.LENGTH);
                assertThat(prefix.position()).isZero();
            }
        }
        InetAddress source = ip("fe80::1");
        List<InetAddress> vips = List.of(ip("fd00::1"), ip("fd00::2"));
        byte[] payload = Packets.encodeAdvert(VrrpAdvert.v3(AddressFamily.IPV6, 7, 100, 100, vips), Endpoints.multicast(source));
        Expectation ours = Expectation.v3(AddressFamily.IPV6, 100, vips, false);
        for (int len = 0; len < payload.length; len++) {
            assertRejected(VrrpDecoder.decode(ByteBuffer.wrap(payload, 0, len),
                    new ReceivedFrom(source, Endpoints.MULTICAST_IPV6, 255), ours), RejectReason.LENGTH);
        }
    }

    @Test
    void decodingLeavesTheBufferAsItWas() {
        byte[] d = v2Datagram();
        ByteBuffer b = ByteBuffer.allocate(d.length + 10);
        b.position(5);
        b.put(d);
        b.position(5).limit(5 + d.length);
        assertAccepted(VrrpDecoder.decodeIpv4Datagram(b, V2_MULTICAST));
        assertThat(b.position()).isEqualTo(5);
        assertThat(b.limit()).isEqualTo(5 + d.length);
        assertAccepted(VrrpDecoder.decodeIpv4Datagram(b.asReadOnlyBuffer(), V2_MULTICAST));
    }
}
