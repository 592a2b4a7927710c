package io.keepwatch.vrrp.codec;

import static io.keepwatch.vrrp.codec.Packets.hex;
import static io.keepwatch.vrrp.codec.Packets.ip;
import static io.keepwatch.vrrp.codec.Packets.slice;
import static org.assertj.core.api.Assertions.assertThat;

import io.keepwatch.vrrp.AddressFamily;
import io.keepwatch.vrrp.VrrpVersion;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Adverts signed by keepalived 2.4.3 ({@code auth_hmac}), captured by
 * captures/auth-hmac/capture.sh with the instances of captures/auth-hmac/keepalived.conf: we
 * verify and decode them, and our encoder, given the same key and the captured sequence, writes
 * the same octets. The fixtures' keys are test keys, written here and in that configuration.
 */
class CapturedAuthHmacTest {
    private static final int ETH = 14;
    private static final InetAddress LINK_LOCAL = ip("fe80::ff:fe00:a");
    private static final HmacKey KEY_1 = new HmacKey(1, hex("000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f"));
    private static final HmacKey KEY_2 = new HmacKey(2, "keepwatch-test-key-of-32-octets+".getBytes(StandardCharsets.US_ASCII));
    private static final HmacKey KEY_3 = new HmacKey(3, hex("404142434445464748494a4b4c4d4e4f505152535455565758595a5b5c5d5e5f"
            + "606162636465666768696a6b6c6d6e6f707172737475767778797a7b7c7d7e7f"));
    private static final HmacKey KEY_9 = new HmacKey(9, hex("a0a1a2a3a4a5a6a7a8a9aaabacadaeafb0b1b2b3b4b5b6b7b8b9babbbcbdbebf"));

    /** One captured instance and the settings it was configured with. */
    record Case(String file, VrrpVersion version, AddressFamily family, int vrid, int priority, List<String> vips,
                String source, String unicastPeer, HmacSettings hmac) {
        @Override
        public String toString() {
            return file;
        }

        boolean signed() {
            return hmac.mode().signs();
        }

        List<InetAddress> addresses() {
            return vips.stream().map(Packets::ip).toList();
        }

        Endpoints endpoints() {
            return unicastPeer == null ? Endpoints.multicast(ip(source)) : Endpoints.of(ip(source), ip(unicastPeer));
        }

        Expectation expectation(HmacSettings settings) {
            Expectation plain = version == VrrpVersion.V2
                    ? Expectation.v2(1, Authentication.NONE, addresses(), unicastPeer != null)
                    : Expectation.v3(family, 100, addresses(), unicastPeer != null);
            return settings == null ? plain : plain.withAuthHmac(settings);
        }

        VrrpAdvert advert() {
            return version == VrrpVersion.V2 ? VrrpAdvert.v2(vrid, priority, 1, Authentication.NONE, addresses())
                    : VrrpAdvert.v3(family, vrid, priority, 100, addresses());
        }
    }

    private static HmacSettings settings(HmacMode mode, AntiReplay antiReplay, int active, HmacKey... keys) {
        return new HmacSettings(List.of(keys), active, mode, antiReplay, 5);
    }

    static Stream<Case> cases() {
        return Stream.of(
                new Case("v2-ipv4-enforce", VrrpVersion.V2, AddressFamily.IPV4, 61, 100, List.of("10.9.0.161"),
                        "10.9.0.1", null, settings(HmacMode.ENFORCE, AntiReplay.TIME, 1, KEY_1)),
                new Case("v3-ipv4-permissive", VrrpVersion.V3, AddressFamily.IPV4, 62, 110,
                        List.of("10.9.0.162", "10.9.0.163"), "10.9.0.1", null,
                        settings(HmacMode.PERMISSIVE, AntiReplay.MONOTONIC, 2, KEY_2)),
                new Case("v3-ipv6-enforce", VrrpVersion.V3, AddressFamily.IPV6, 63, 120, List.of("fd00:9::163"),
                        "fe80::ff:fe00:a", null, settings(HmacMode.ENFORCE, AntiReplay.TIME, 3, KEY_3)),
                new Case("v2-ipv4-unicast", VrrpVersion.V2, AddressFamily.IPV4, 64, 130, List.of("10.9.0.164"),
                        "10.9.0.1", "10.9.0.2", settings(HmacMode.ENFORCE, AntiReplay.TIME, 9, KEY_1, KEY_9)),
                new Case("v3-ipv4-unicast", VrrpVersion.V3, AddressFamily.IPV4, 65, 140, List.of("10.9.0.165"),
                        "10.9.0.1", "10.9.0.2", settings(HmacMode.PERMISSIVE, AntiReplay.TIME, 1, KEY_1)),
                new Case("v3-ipv6-unicast", VrrpVersion.V3, AddressFamily.IPV6, 66, 150, List.of("fd00:9::166"),
                        "fd00:9::1", "fd00:9::2", settings(HmacMode.ENFORCE, AntiReplay.TIME, 1, KEY_1)),
                new Case("v3-ipv4-receive-only", VrrpVersion.V3, AddressFamily.IPV4, 67, 160, List.of("10.9.0.167"),
                        "10.9.0.1", null, settings(HmacMode.RECEIVE_ONLY, AntiReplay.TIME, 1, KEY_1)),
                new Case("v2-ipv4-receive-only", VrrpVersion.V2, AddressFamily.IPV4, 68, 170, List.of("10.9.0.168"),
                        "10.9.0.1", null, settings(HmacMode.RECEIVE_ONLY, AntiReplay.TIME, 1, KEY_1)));
    }

    private static List<byte[]> frames(Case c) {
        List<byte[]> frames = Pcap.readResource("auth-hmac/" + c.file() + ".pcap");
        assertThat(frames).hasSize(2);
        return frames;
    }

    /** What a raw socket hands over: the IPv4 datagram, or the IPv6 payload. */
    private static byte[] packet(Case c, byte[] frame) {
        return slice(frame, ETH + (c.family() == AddressFamily.IPV6 ? 40 : 0), frame.length);
    }

    private static DecodeResult decode(Case c, byte[] packet, Expectation expectation) {
        ByteBuffer buf = ByteBuffer.wrap(packet);
        if (c.family() == AddressFamily.IPV4) {
            return VrrpDecoder.decodeIpv4Datagram(buf, expectation);
        }
        InetAddress destination = c.unicastPeer() == null ? Endpoints.MULTICAST_IPV6 : ip(c.unicastPeer());
        return VrrpDecoder.decode(buf, new ReceivedFrom(ip(c.source()), destination, 255), expectation);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void keepalivedsAdvertDecodesWithItsTrailer(Case c) {
        for (byte[] frame : frames(c)) {
            DecodeResult result = decode(c, packet(c, frame), c.expectation(c.hmac()));

            assertThat(result).isInstanceOf(DecodeResult.Accepted.class);
            DecodeResult.Accepted accepted = (DecodeResult.Accepted) result;
            assertThat(accepted.advert().vrid()).isEqualTo(c.vrid());
            assertThat(accepted.advert().priority()).isEqualTo(c.priority());
            assertThat(accepted.addressListMismatch()).isFalse();
            if (c.signed()) {
                assertThat(accepted.trailer()).isNotNull();
                assertThat(accepted.trailer().keyId()).isEqualTo(c.hmac().activeKey());
            } else {
                assertThat(accepted.trailer()).isNull();
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void ourEncoderWritesTheSameOctets(Case c) {
        for (byte[] frame : frames(c)) {
            byte[] captured = packet(c, frame);
            ByteBuffer out = ByteBuffer.allocate(captured.length + 16);
            VrrpAdvert advert = c.advert();
            int h;
            if (c.family() == AddressFamily.IPV4) {
                int ipId = ((captured[4] & 0xFF) << 8) | (captured[5] & 0xFF);
                int ttl = captured[8] & 0xFF;
                VrrpEncoder.encodeIpv4Datagram(advert, c.endpoints(), ipId, ttl, c.signed(), out);
                h = VrrpWire.IPV4_HEADER_LENGTH;
            } else {
                VrrpEncoder.encodeAdvert(advert, c.endpoints(), c.signed(), out);
                h = 0;
            }
            if (c.signed()) {
                long sequence = HmacTrailer.sequence(ByteBuffer.wrap(captured), h + VrrpEncoder.advertLength(advert));
                HmacTrailer.sign(out, h, VrrpEncoder.advertLength(advert), c.hmac().signingKey(), sequence, c.endpoints());
            }
            assertThat(hex(slice(out.array(), 0, out.position()))).isEqualTo(hex(captured));
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void theSecondAdvertsSequenceComesAfterTheFirstAndIsTheClocks(Case c) {
        if (!c.signed()) {
            return;
        }
        List<byte[]> frames = frames(c);
        int at = (c.family() == AddressFamily.IPV4 ? VrrpWire.IPV4_HEADER_LENGTH : 0) + VrrpEncoder.advertLength(c.advert());
        long first = HmacTrailer.sequence(ByteBuffer.wrap(packet(c, frames.get(0))), at);
        long second = HmacTrailer.sequence(ByteBuffer.wrap(packet(c, frames.get(1))), at);
        assertThat(HmacSequence.after(second, first)).isTrue();
        // a clock reading: the counter is zero unless two adverts share a timestamp
        assertThat(first & 0xFFFF).isZero();
        assertThat(first >>> 32).isBetween(1_700_000_000L, 4_000_000_000L);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void aSignedAdvertIsRefusedByAnInstanceWithoutAuthHmacAndAnUnsignedOneByAnEnforcingOne(Case c) {
        byte[] packet = packet(c, frames(c).getFirst());
        if (c.signed()) {
            // keepalived without auth_hmac finds the packet 28 octets too long
            assertThat(decode(c, packet, c.expectation(null)))
                    .isInstanceOfSatisfying(DecodeResult.Rejected.class, r -> assertThat(r.reason()).isEqualTo(RejectReason.LENGTH));
        } else {
            HmacSettings enforce = settings(HmacMode.ENFORCE, AntiReplay.TIME, 1, KEY_1);
            assertThat(decode(c, packet, c.expectation(enforce))).isInstanceOfSatisfying(DecodeResult.Rejected.class,
                    r -> assertThat(r.reason()).isEqualTo(RejectReason.AUTH_HMAC_MISSING));
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void anAlteredAdvertOrAnotherKeyIsRejected(Case c) {
        if (!c.signed()) {
            return;
        }
        byte[] packet = packet(c, frames(c).getFirst());
        int h = c.family() == AddressFamily.IPV4 ? VrrpWire.IPV4_HEADER_LENGTH : 0;
        int t = h + VrrpEncoder.advertLength(c.advert());
        HmacKey signer = c.hmac().signingKey();

        // the same id with other octets
        HmacKey other = new HmacKey(signer.id(), hex("ff".repeat(32)));
        HmacSettings wrongKey = new HmacSettings(List.of(other), other.id(), HmacMode.ENFORCE, AntiReplay.TIME, 5);
        assertThat(reason(decode(c, packet, c.expectation(wrongKey)))).isEqualTo(RejectReason.AUTH_HMAC_BAD_HMAC);

        // a key id the receiver lacks
        HmacKey unrelated = new HmacKey(signer.id() == 200 ? 201 : 200, hex("ff".repeat(32)));
        HmacSettings unknown = new HmacSettings(List.of(unrelated), unrelated.id(), HmacMode.ENFORCE, AntiReplay.TIME, 5);
        assertThat(reason(decode(c, packet, c.expectation(unknown)))).isEqualTo(RejectReason.AUTH_HMAC_UNKNOWN_KEY);

        // a reserved octet set
        byte[] malformed = packet.clone();
        malformed[t + HmacTrailer.OFF_RESERVED] = 1;
        assertThat(reason(decode(c, malformed, c.expectation(c.hmac())))).isEqualTo(RejectReason.AUTH_HMAC_MALFORMED);

        // a higher priority, checksum made good again: only the HMAC tells
        byte[] raised = packet.clone();
        raised[h + VrrpWire.OFF_PRIORITY] = (byte) 255;
        fixChecksum(c, raised, h);
        assertThat(reason(decode(c, raised, c.expectation(c.hmac())))).isEqualTo(RejectReason.AUTH_HMAC_BAD_HMAC);
    }

    private static void fixChecksum(Case c, byte[] packet, int h) {
        int len = packet.length - h - (c.family() == AddressFamily.IPV4 ? HmacTrailer.LENGTH : 0);
        ByteBuffer buf = ByteBuffer.wrap(packet);
        VrrpEncoder.putShort(buf, h + VrrpWire.OFF_CHECKSUM, 0);
        long acc = 0;
        if (c.version() == VrrpVersion.V3) {
            Endpoints e = c.endpoints();
            acc = InternetChecksum.add(acc, e.packedSource());
            acc = InternetChecksum.add(acc, e.packedChecksumDestination());
            acc = InternetChecksum.addPseudoHeaderTail(acc, VrrpWire.PROTOCOL_VRRP, len);
        }
        acc = InternetChecksum.add(acc, buf, h, len);
        VrrpEncoder.putShort(buf, h + VrrpWire.OFF_CHECKSUM, InternetChecksum.finish(acc));
    }

    private static RejectReason reason(DecodeResult result) {
        assertThat(result).isInstanceOf(DecodeResult.Rejected.class);
        return ((DecodeResult.Rejected) result).reason();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void theGuardAdmitsEachSequenceOnceAndOnlyInsideTheWindow(Case c) {
        if (!c.signed()) {
            return;
        }
        List<byte[]> frames = frames(c);
        long first = ((DecodeResult.Accepted) decode(c, packet(c, frames.get(0)), c.expectation(c.hmac()))).trailer().sequence();
        long second = ((DecodeResult.Accepted) decode(c, packet(c, frames.get(1)), c.expectation(c.hmac()))).trailer().sequence();
        long now = first >>> 32;
        InetAddress sender = ip(c.source());
        HmacReplayGuard guard = new HmacReplayGuard(c.hmac(), 1);

        assertThat(guard.admit(sender, first, now)).isEqualTo(HmacReplayGuard.Outcome.FRESH);
        assertThat(guard.admit(sender, first, now)).isEqualTo(HmacReplayGuard.Outcome.REPLAYED);
        assertThat(guard.admit(sender, second, now + 1)).isEqualTo(HmacReplayGuard.Outcome.FRESH);
        assertThat(guard.admit(sender, first, now + 1)).isEqualTo(HmacReplayGuard.Outcome.REPLAYED);
        HmacReplayGuard.Outcome late = new HmacReplayGuard(c.hmac(), 1).admit(sender, first, now + 6);
        assertThat(late).isEqualTo(c.hmac().timeBound() ? HmacReplayGuard.Outcome.STALE : HmacReplayGuard.Outcome.FRESH);
    }
}
