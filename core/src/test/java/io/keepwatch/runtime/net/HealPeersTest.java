package io.keepwatch.runtime.net;

import static org.assertj.core.api.Assertions.assertThat;

import io.keepwatch.vrrp.AddressFamily;
import io.keepwatch.vrrp.codec.DecodeResult;
import io.keepwatch.vrrp.codec.Endpoints;
import io.keepwatch.vrrp.codec.Expectation;
import io.keepwatch.vrrp.codec.VrrpAdvert;
import io.keepwatch.vrrp.codec.VrrpDecoder;
import io.keepwatch.vrrp.codec.VrrpEncoder;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The set of other holders a multicast master also sends its adverts to by unicast: one packet per
 * peer, encoded for that peer's address (the VRRPv3 checksum's pseudo-header), once per priority.
 */
class HealPeersTest {

    private static final InetAddress SELF = InetAddress.ofLiteral("10.9.0.1");
    private static final InetAddress PEER = InetAddress.ofLiteral("10.9.0.2");
    private static final InetAddress OTHER = InetAddress.ofLiteral("10.9.0.3");
    private static final List<InetAddress> VIPS = List.of(InetAddress.ofLiteral("10.9.0.100"));
    private static final VrrpAdvert ADVERT = VrrpAdvert.v3(AddressFamily.IPV4, 51, 150, 100, VIPS);

    private final List<String> encoded = new ArrayList<>();
    private final HealPeers peers = new HealPeers((priority, to) -> {
        encoded.add(priority + " to " + to.destination().getHostAddress());
        ByteBuffer out = ByteBuffer.allocate(100);
        VrrpEncoder.encodeIpv4Datagram(ADVERT.withPriority(priority), to, 0, out);
        byte[] bytes = new byte[out.position()];
        out.flip().get(bytes);
        return bytes;
    });

    private static DecodeResult received(byte[] datagram) {
        return VrrpDecoder.decodeIpv4Datagram(ByteBuffer.wrap(datagram),
                Expectation.v3(AddressFamily.IPV4, 100, VIPS, false).withUnicastCopies());
    }

    @Test
    void eachPeerGetsAnAdvertChecksummedForItsOwnAddress() {
        assertThat(peers.add(SELF, PEER)).isTrue();
        assertThat(peers.add(SELF, OTHER)).isTrue();

        for (HealPeers.Peer peer : peers.all()) {
            byte[] packet = peers.packet(peer, 150);
            assertThat(InetAddress.ofLiteral(ipv4(packet, 16))).isEqualTo(peer.endpoints().destination());
            assertThat(received(packet)).isInstanceOfSatisfying(DecodeResult.Accepted.class,
                    a -> assertThat(a.advert().priority()).isEqualTo(150));
        }
        assertThat(peers.addresses()).containsExactly(PEER, OTHER);
    }

    @Test
    void aPeerIsAddedOnce() {
        assertThat(peers.add(SELF, PEER)).isTrue();
        assertThat(peers.add(SELF, PEER)).isFalse();
        assertThat(peers.addresses()).containsExactly(PEER);
    }

    @Test
    void theResignationIsEncodedWhenThePeerIsAddedAndAnAdvertOncePerPriority() {
        peers.add(SELF, PEER);
        assertThat(encoded).containsExactly("0 to 10.9.0.2");
        HealPeers.Peer peer = peers.all().getFirst();

        byte[] first = peers.packet(peer, 150);
        byte[] again = peers.packet(peer, 150);
        peers.packet(peer, 120);
        byte[] resignation = peers.packet(peer, 0);

        assertThat(again).isSameAs(first);
        assertThat(encoded).containsExactly("0 to 10.9.0.2", "150 to 10.9.0.2", "120 to 10.9.0.2");
        assertThat(received(resignation)).isInstanceOfSatisfying(DecodeResult.Accepted.class,
                a -> assertThat(a.advert().priority()).isZero());
    }

    @Test
    void clearingDropsEveryPeerAndTellsHowManyAdvertsEachWasSent() {
        peers.add(SELF, PEER);
        peers.add(SELF, OTHER);
        HealPeers.Peer first = peers.all().getFirst();
        peers.packet(first, 150);
        peers.packet(first, 150);
        peers.packet(peers.all().get(1), 150);

        Map<InetAddress, Long> copies = peers.clear();

        assertThat(copies).containsExactly(Map.entry(PEER, 2L), Map.entry(OTHER, 1L));
        assertThat(peers.isEmpty()).isTrue();
        assertThat(peers.clear()).isEmpty();
    }

    private static String ipv4(byte[] datagram, int at) {
        return (datagram[at] & 0xFF) + "." + (datagram[at + 1] & 0xFF) + "." + (datagram[at + 2] & 0xFF) + "."
                + (datagram[at + 3] & 0xFF);
    }
}
