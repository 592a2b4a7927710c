package io.keepwatch.vrrp.codec;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Reading who claims an address out of received frames: the frames keepwatch and Linux send
 * (gratuitous ARP, ARP replies and requests, neighbour solicitations and advertisements) read back
 * as the claims and questions they are, and no input, however malformed, makes the parser throw.
 */
class NeighbourFramesTest {

    private static final MacAddress OURS = MacAddress.parse("02:00:00:00:00:01");
    private static final MacAddress THEIRS = MacAddress.parse("02:00:00:00:00:02");
    private static final Inet4Address VIP = (Inet4Address) InetAddress.ofLiteral("192.0.2.10");
    private static final Inet4Address PRIMARY = (Inet4Address) InetAddress.ofLiteral("192.0.2.1");
    private static final Inet6Address VIP6 = (Inet6Address) InetAddress.ofLiteral("2001:db8::10");
    private static final Inet6Address LINK_LOCAL = (Inet6Address) InetAddress.ofLiteral("fe80::1");

    private static byte[] frame(java.util.function.ToIntFunction<ByteBuffer> encoder) {
        ByteBuffer b = ByteBuffer.allocate(128);
        int n = encoder.applyAsInt(b);
        return Arrays.copyOf(b.array(), n);
    }

    private static NeighbourSighting parse(byte[] frame) {
        return NeighbourFrames.parse(frame).orElseThrow();
    }

    @Test
    void aGratuitousArpClaimsItsAddress() {
        NeighbourSighting s = parse(frame(b -> GratuitousArp.encode(THEIRS, VIP, b)));
        assertThat(s.kind()).isEqualTo(NeighbourSighting.Kind.ARP_REQUEST);
        assertThat(s.hardware()).isEqualTo(THEIRS);
        assertThat(s.claimed()).contains(VIP);
        assertThat(s.asksFromOwnAddress()).isFalse();
    }

    @Test
    void aUnicastGratuitousArpGoesToOneStationAndClaimsTheSame() {
        byte[] f = frame(b -> GratuitousArp.encode(OURS, VIP, THEIRS, b));
        assertThat(Arrays.copyOf(f, 6)).isEqualTo(THEIRS.octets());
        assertThat(parse(f).claimed()).contains(VIP);
    }

    @Test
    void aProbeAsksFromTheSendersOwnAddressAndClaimsNothing() {
        byte[] f = frame(b -> AddressProbe.arp(OURS, PRIMARY, THEIRS, VIP, b));
        assertThat(Arrays.copyOf(f, 6)).isEqualTo(THEIRS.octets());
        NeighbourSighting s = parse(f);
        assertThat(s.claimed()).isEmpty();
        assertThat(s.asksFromOwnAddress()).isTrue();
        assertThat(s.sender()).isEqualTo(PRIMARY);
        assertThat(s.target()).isEqualTo(VIP);
    }

    @Test
    void anArpReplyClaimsItsSenderAddressAndAnArpProbeFromNowhereClaimsNothing() {
        byte[] reply = frame(b -> AddressProbe.arp(THEIRS, VIP, OURS, PRIMARY, b));
        reply[14 + 7] = 2; // operation: reply
        assertThat(parse(reply).kind()).isEqualTo(NeighbourSighting.Kind.ARP_REPLY);
        assertThat(parse(reply).claimed()).contains(VIP);
        assertThat(parse(reply).answered()).contains(VIP);
        assertThat(parse(frame(b -> GratuitousArp.encode(THEIRS, VIP, b))).answered()).as("an announcement").isEmpty();

        // RFC 5227's probe: sender 0.0.0.0, target the address wanted
        byte[] probe = frame(b -> AddressProbe.arp(THEIRS, (Inet4Address) InetAddress.ofLiteral("0.0.0.0"),
                MacAddress.BROADCAST, VIP, b));
        assertThat(parse(probe).claimed()).isEmpty();
        assertThat(parse(probe).asksFromOwnAddress()).isFalse();
    }

    @Test
    void aNeighbourAdvertWithOverrideClaimsItsTargetForTheMacOfItsOption() {
        byte[] f = frame(b -> UnsolicitedNeighbourAdvert.encode(THEIRS, VIP6, false, b));
        NeighbourSighting s = parse(f);
        assertThat(s.kind()).isEqualTo(NeighbourSighting.Kind.NEIGHBOUR_ADVERT);
        assertThat(s.override()).isTrue();
        assertThat(s.hardware()).isEqualTo(THEIRS);
        assertThat(s.claimed()).contains(VIP6);

        assertThat(s.answered()).as("unsolicited").isEmpty();

        f[14 + 40 + 4] = 0x40; // Solicited, no Override: answers a solicitation, claims nothing
        assertThat(parse(f).claimed()).isEmpty();
        assertThat(parse(f).answered()).contains(VIP6);
    }

    @Test
    void aNeighbourSolicitationAsksFromItsSource() {
        NeighbourSighting s = parse(frame(b -> AddressProbe.neighbourSolicitation(OURS, LINK_LOCAL, THEIRS, VIP6, b)));
        assertThat(s.kind()).isEqualTo(NeighbourSighting.Kind.NEIGHBOUR_SOLICITATION);
        assertThat(s.hardware()).isEqualTo(OURS);
        assertThat(s.sender()).isEqualTo(LINK_LOCAL);
        assertThat(s.target()).isEqualTo(VIP6);
        assertThat(s.asksFromOwnAddress()).isTrue();
        assertThat(s.claimed()).isEmpty();
    }

    @Test
    void neighbourDiscoveryThatCameThroughARouterOrHasAZeroLengthOptionIsIgnored() {
        byte[] routed = frame(b -> UnsolicitedNeighbourAdvert.encode(THEIRS, VIP6, false, b));
        routed[14 + 7] = (byte) 254;
        assertThat(NeighbourFrames.parse(routed)).isEmpty();

        byte[] zero = frame(b -> UnsolicitedNeighbourAdvert.encode(THEIRS, VIP6, false, b));
        zero[14 + 40 + 25] = 0;
        assertThat(NeighbourFrames.parse(zero)).isEmpty();
    }

    @Test
    void otherFramesAreNotSightings() {
        assertThat(NeighbourFrames.parse(new byte[60])).isEmpty();
        assertThat(NeighbourFrames.parse(new byte[0])).isEmpty();
        assertThat(NeighbourFrames.parse(null)).isEmpty();
    }

    /** Every truncation and thousands of random mutations of real frames, and random bytes: never an exception. */
    @Test
    void malformedFramesNeverThrow() {
        Random random = new Random(0x5b1d);
        byte[][] seeds = {
            frame(b -> GratuitousArp.encode(THEIRS, VIP, b)),
            frame(b -> AddressProbe.arp(OURS, PRIMARY, THEIRS, VIP, b)),
            frame(b -> UnsolicitedNeighbourAdvert.encode(THEIRS, VIP6, true, b)),
            frame(b -> AddressProbe.neighbourSolicitation(OURS, LINK_LOCAL, THEIRS, VIP6, b)),
        };
        for (byte[] seed : seeds) {
            for (int length = 0; length <= seed.length + 8; length++) {
                NeighbourFrames.parse(Arrays.copyOf(seed, length));
            }
            for (int i = 0; i < 5_000; i++) {
                byte[] mutated = Arrays.copyOf(seed, seed.length + random.nextInt(16));
                for (int flips = 1 + random.nextInt(4); flips > 0; flips--) {
                    mutated[random.nextInt(mutated.length)] = (byte) random.nextInt(256);
                }
                NeighbourFrames.parse(mutated).ifPresent(s -> {
                    s.claimed();
                    s.answered();
                    s.asksFromOwnAddress();
                });
            }
        }
        for (int i = 0; i < 5_000; i++) {
            byte[] noise = new byte[random.nextInt(120)];
            random.nextBytes(noise);
            if (noise.length > 13 && random.nextBoolean()) {
                noise[12] = (byte) (random.nextBoolean() ? 0x08 : 0x86);
                noise[13] = (byte) (noise[12] == 0x08 ? 0x06 : 0xDD);
            }
            NeighbourFrames.parse(noise);
        }
    }
}
