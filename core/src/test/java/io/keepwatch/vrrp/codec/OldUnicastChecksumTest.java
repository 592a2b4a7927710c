package io.keepwatch.vrrp.codec;

import static io.keepwatch.vrrp.codec.Packets.ip;
import static org.assertj.core.api.Assertions.assertThat;

import io.keepwatch.vrrp.AddressFamily;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * keepalived's old VRRPv3 unicast checksum (the multicast group, not the peer, in the pseudo-header)
 * beside RFC 9568's, as {@code old_unicast_checksum} selects them.
 */
class OldUnicastChecksumTest {
    private static final List<InetAddress> VIPS = List.of(ip("10.9.0.109"));
    private static final InetAddress GROUP = ip("224.0.0.18");
    private static final VrrpAdvert ADVERT = VrrpAdvert.v3(AddressFamily.IPV4, 51, 150, 100, VIPS);
    private static final Endpoints TO_PEER = Endpoints.of(ip("10.9.0.1"), ip("10.9.0.2"));

    private static ByteBuffer datagram(Endpoints to) {
        return ByteBuffer.wrap(Packets.encodeDatagram(ADVERT, to, 1));
    }

    private static Expectation expecting(PseudoHeaderDestination destination) {
        return Expectation.v3(AddressFamily.IPV4, 100, VIPS, true).withPseudoHeaderDestination(destination, GROUP);
    }

    @Test
    void theOldChecksumDiffersFromTheRfcsForAUnicastPeerOnly() {
        assertThat(datagram(TO_PEER.withChecksumDestination(GROUP)).array()).isNotEqualTo(datagram(TO_PEER).array());
        Endpoints multicast = Endpoints.multicast(ip("10.9.0.1"));
        assertThat(datagram(multicast.withChecksumDestination(GROUP)).array()).isEqualTo(datagram(multicast).array());
    }

    @Test
    void neverAcceptsOnlyTheRfcsChecksum() {
        assertThat(VrrpDecoder.decodeIpv4Datagram(datagram(TO_PEER), expecting(PseudoHeaderDestination.PACKET)))
                .isInstanceOf(DecodeResult.Accepted.class);
        assertThat(VrrpDecoder.decodeIpv4Datagram(datagram(TO_PEER.withChecksumDestination(GROUP)),
                expecting(PseudoHeaderDestination.PACKET)))
                .isInstanceOfSatisfying(DecodeResult.Rejected.class,
                        r -> assertThat(r.reason()).isEqualTo(RejectReason.CHECKSUM));
    }

    @Test
    void theOldSettingAcceptsOnlyTheOldChecksum() {
        assertThat(VrrpDecoder.decodeIpv4Datagram(datagram(TO_PEER.withChecksumDestination(GROUP)),
                expecting(PseudoHeaderDestination.GROUP)))
                .isInstanceOfSatisfying(DecodeResult.Accepted.class, a -> assertThat(a.groupChecksum()).isFalse());
        assertThat(VrrpDecoder.decodeIpv4Datagram(datagram(TO_PEER), expecting(PseudoHeaderDestination.GROUP)))
                .isInstanceOfSatisfying(DecodeResult.Rejected.class,
                        r -> assertThat(r.reason()).isEqualTo(RejectReason.CHECKSUM));
    }

    @Test
    void theDefaultAcceptsBothAndFlagsTheOldOne() {
        Expectation auto = expecting(PseudoHeaderDestination.PACKET_OR_GROUP);
        assertThat(VrrpDecoder.decodeIpv4Datagram(datagram(TO_PEER), auto))
                .isInstanceOfSatisfying(DecodeResult.Accepted.class, a -> assertThat(a.groupChecksum()).isFalse());
        assertThat(VrrpDecoder.decodeIpv4Datagram(datagram(TO_PEER.withChecksumDestination(GROUP)), auto))
                .isInstanceOfSatisfying(DecodeResult.Accepted.class, a -> assertThat(a.groupChecksum()).isTrue());
    }

    @Test
    void aMulticastInstanceNeverFallsBackToTheGroup() {
        Expectation multicast = Expectation.v3(AddressFamily.IPV4, 100, VIPS, false)
                .withPseudoHeaderDestination(PseudoHeaderDestination.PACKET_OR_GROUP, ip("224.0.0.19"));
        Endpoints toGroup = Endpoints.multicast(ip("10.9.0.1"));
        assertThat(VrrpDecoder.decodeIpv4Datagram(datagram(toGroup.withChecksumDestination(ip("224.0.0.19"))),
                multicast)).isInstanceOfSatisfying(DecodeResult.Rejected.class,
                        r -> assertThat(r.reason()).isEqualTo(RejectReason.CHECKSUM));
    }
}
