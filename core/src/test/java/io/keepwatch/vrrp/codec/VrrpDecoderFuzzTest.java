package io.keepwatch.vrrp.codec;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.keepwatch.vrrp.AddressFamily;
import io.keepwatch.vrrp.VrrpVersion;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Tag;

/**
 * Coverage-guided fuzzing of the VRRP decoder, both entry points the receive path uses
 * (VrrpChannel: {@link VrrpDecoder#decodeIpv4Datagram} for IPv4 raw sockets, {@link VrrpDecoder#decode}
 * for IPv6 ones, each after a VRID peek), against every kind of instance: VRRPv2 without
 * authentication, with PASS and with AH; VRRPv3 over IPv4 and IPv6; multicast, unicast, unicast
 * with {@code check_unicast_src}, multicast hearing unicast copies, and the old unicast checksum;
 * and {@code auth_hmac} in its three modes, both versions and families.
 *
 * <p>Regression mode (the normal test run) replays the committed inputs under
 * {@code VrrpDecoderFuzzTestInputs/}; {@code bench/fuzz/fuzz-campaign} runs it coverage-guided.
 */
@Tag("fuzz")
class VrrpDecoderFuzzTest {
    private static final InetAddress V4_SELF = Packets.ip("10.9.0.2");
    private static final InetAddress V4_PEER = Packets.ip("10.9.0.1");
    private static final InetAddress V6_SELF = Packets.ip("fe80::2");
    private static final InetAddress V6_PEER = Packets.ip("fe80::1");
    private static final List<InetAddress> V4_VIPS = List.of(Packets.ip("10.9.0.109"), Packets.ip("10.9.0.110"));
    private static final List<InetAddress> V6_VIPS = List.of(Packets.ip("fd00::109"));

    /**
     * The instances an input is decoded for; its first octet picks one. The order is part of the
     * committed inputs' meaning: append, never reorder.
     */
    static final List<Expectation> EXPECTATIONS = List.of(
            Expectation.v2(1, Authentication.NONE, V4_VIPS, false),
            Expectation.v2(1, Authentication.pass("1111"), V4_VIPS, false),
            Expectation.v2(1, Authentication.ah("s3cret"), V4_VIPS, false),
            Expectation.v2(1, Authentication.ah("s3cret"), V4_VIPS, true),
            Expectation.v2(1, Authentication.NONE, V4_VIPS, true)
                    .withUnicastSourceCheck(List.of(new PeerTtl(V4_PEER, 250, 255))),
            Expectation.v3(AddressFamily.IPV4, 100, V4_VIPS, false),
            Expectation.v3(AddressFamily.IPV4, 100, V4_VIPS, true),
            Expectation.v3(AddressFamily.IPV4, 100, V4_VIPS, false).withUnicastCopies(),
            Expectation.v3(AddressFamily.IPV4, 100, V4_VIPS, true)
                    .withPseudoHeaderDestination(PseudoHeaderDestination.PACKET_OR_GROUP, Endpoints.MULTICAST_IPV4),
            Expectation.v3(AddressFamily.IPV6, 100, V6_VIPS, false),
            Expectation.v3(AddressFamily.IPV6, 100, V6_VIPS, true),
            Expectation.v3(AddressFamily.IPV6, 100, V6_VIPS, true)
                    .withUnicastSourceCheck(List.of(new PeerTtl(V6_PEER, 0, 255))),
            // auth_hmac, with the keys of the keepalived 2.4.3 captures (captures/auth-hmac)
            Expectation.v2(1, Authentication.NONE, V4_VIPS, false).withAuthHmac(hmac(HmacMode.ENFORCE, AntiReplay.TIME, 1, key(1))),
            Expectation.v3(AddressFamily.IPV4, 100, V4_VIPS, false)
                    .withAuthHmac(hmac(HmacMode.PERMISSIVE, AntiReplay.MONOTONIC, 2, key(2))),
            Expectation.v3(AddressFamily.IPV6, 100, V6_VIPS, false).withAuthHmac(hmac(HmacMode.ENFORCE, AntiReplay.TIME, 3, key(3))),
            Expectation.v2(1, Authentication.NONE, V4_VIPS, true)
                    .withAuthHmac(hmac(HmacMode.ENFORCE, AntiReplay.TIME, 9, key(1), key(9))),
            Expectation.v3(AddressFamily.IPV4, 100, V4_VIPS, true).withAuthHmac(hmac(HmacMode.RECEIVE_ONLY, AntiReplay.TIME, 1, key(1))),
            Expectation.v3(AddressFamily.IPV6, 100, V6_VIPS, true)
                    .withAuthHmac(hmac(HmacMode.PERMISSIVE, AntiReplay.MONOTONIC, 1, key(1))));

    private static HmacSettings hmac(HmacMode mode, AntiReplay antiReplay, int active, HmacKey... keys) {
        return new HmacSettings(List.of(keys), active, mode, antiReplay, 5);
    }

    /** The test keys of captures/auth-hmac/keepalived.conf. */
    private static HmacKey key(int id) {
        String hex = switch (id) {
            case 1 -> "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f";
            case 3 -> "404142434445464748494a4b4c4d4e4f505152535455565758595a5b5c5d5e5f"
                    + "606162636465666768696a6b6c6d6e6f707172737475767778797a7b7c7d7e7f";
            case 9 -> "a0a1a2a3a4a5a6a7a8a9aaabacadaeafb0b1b2b3b4b5b6b7b8b9babbbcbdbebf";
            default -> null;
        };
        return new HmacKey(id, hex != null ? Packets.hex(hex)
                : "keepwatch-test-key-of-32-octets+".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
    }

    /**
     * Octet 0 picks the instance; the rest is what the socket read: for IPv4 the datagram, IP header
     * included; for IPv6 the IPv6 header, whose source, destination and hop limit stand for what the
     * kernel reports beside the payload (IPV6_PKTINFO, IPV6_HOPLIMIT), then the VRRP payload.
     */
    @FuzzTest(maxDuration = "30m")
    void decode(byte[] input) throws UnknownHostException {
        if (input.length < 1) {
            return;
        }
        Expectation expectation = EXPECTATIONS.get((input[0] & 0xFF) % EXPECTATIONS.size());
        byte[] packet = Arrays.copyOfRange(input, 1, input.length);
        DecodeResult result;
        Endpoints seen;
        int vrrpOffset;
        ByteBuffer buffer;
        if (expectation.family() == AddressFamily.IPV4) {
            buffer = ByteBuffer.wrap(packet);
            VrrpDecoder.peekVridIpv4Datagram(buffer);
            result = VrrpDecoder.decodeIpv4Datagram(buffer, expectation);
            vrrpOffset = packet.length > 0 ? (packet[0] & 0x0F) * 4 + (packet.length > 9 && packet[9] == 51 ? 24 : 0) : 0;
            seen = packet.length >= 20 ? Endpoints.of(Packets.ip4(packet, 12), Packets.ip4(packet, 16)) : null;
        } else {
            if (packet.length < IPV6_HEADER) {
                return;
            }
            InetAddress source = InetAddress.getByAddress(Arrays.copyOfRange(packet, 8, 24));
            InetAddress destination = InetAddress.getByAddress(Arrays.copyOfRange(packet, 24, 40));
            if (!(source instanceof Inet6Address) || !(destination instanceof Inet6Address)) {
                // IPv4-mapped: Linux drops such a packet before any socket sees it (RFC 4291 2.5.5.2)
                return;
            }
            buffer = ByteBuffer.wrap(packet, IPV6_HEADER, packet.length - IPV6_HEADER).slice();
            VrrpDecoder.peekVrid(buffer);
            result = VrrpDecoder.decode(buffer, new ReceivedFrom(source, destination, packet[7] & 0xFF), expectation);
            packet = Arrays.copyOfRange(packet, IPV6_HEADER, packet.length);
            vrrpOffset = 0;
            seen = Endpoints.of(source, destination);
        }
        assertThat(buffer.position()).as("the decoder reads absolutely").isZero();
        assertThat(result).isNotNull();
        if (result instanceof DecodeResult.Accepted accepted) {
            assertAcceptedIsWhatTheOctetsSay(accepted, packet, vrrpOffset, seen);
        }
    }

    private static final int IPV6_HEADER = 40;

    /**
     * Whatever the decoder accepts is exactly what the octets say: encoding the advert again gives
     * them back, except the octets receivers ignore: VRRPv3's reserved bits (RFC 5798 5.2.5) and
     * VRRPv2's Authentication Data but for PASS (RFC 3768 5.3.6).
     */
    static void assertAcceptedIsWhatTheOctetsSay(DecodeResult.Accepted accepted, byte[] packet, int vrrpOffset,
                                                          Endpoints seen) {
        VrrpAdvert advert = accepted.advert();
        assertThat(advert.vrid()).isBetween(1, 255);
        if (advert.authentication().type() != AuthType.PASS) {
            assertThat(advert.authentication().data()).as("ignored Authentication Data").containsOnly(0);
        }
        byte[] again = Packets.encodeAdvert(advert, accepted.groupChecksum()
                ? seen.withChecksumDestination(Endpoints.MULTICAST_IPV4) : seen);
        byte[] received = Arrays.copyOfRange(packet, vrrpOffset, vrrpOffset + again.length);
        byte[] meant = received.clone();
        if (advert.version() == VrrpVersion.V3) {
            meant[4] &= 0x0F;
        } else if (advert.authentication().type() != AuthType.PASS) {
            // RFC 3768 5.3.6: Authentication Data is ignored on reception but for PASS
            Arrays.fill(meant, meant.length - Authentication.DATA_LENGTH, meant.length, (byte) 0);
        }
        if (!Arrays.equals(meant, received) || (accepted.trailer() != null && advert.family() == AddressFamily.IPV6)) {
            // the checksum covers the ignored octets (over IPv6, the auth_hmac trailer too, which the
            // HMAC has verified): compare the rest
            meant[6] = again[6];
            meant[7] = again[7];
        }
        received = meant;
        assertThat(again).as("re-encoded accepted advert").isEqualTo(received);
    }

    /**
     * decode(encode(x)) == x for any advert an instance can send: both versions and families, no
     * authentication, PASS and AH (signed as the data plane signs it), multicast and unicast.
     */
    @FuzzTest(maxDuration = "30m")
    void encodeThenDecode(FuzzedDataProvider data) {
        VrrpVersion version = data.consumeBoolean() ? VrrpVersion.V2 : VrrpVersion.V3;
        AddressFamily family = version == VrrpVersion.V2 || data.consumeBoolean() ? AddressFamily.IPV4 : AddressFamily.IPV6;
        boolean unicast = data.consumeBoolean();
        int vrid = data.consumeInt(1, 255);
        int priority = data.consumeInt(0, 255);
        List<InetAddress> addresses = addresses(data, family);
        VrrpAdvert advert;
        Expectation expectation;
        if (version == VrrpVersion.V2) {
            int interval = data.consumeInt(0, VrrpAdvert.MAX_V2_INTERVAL_SECONDS);
            int kind = data.consumeInt(0, 2);
            String password = data.consumeAsciiString(8);
            Authentication auth = kind == 0 || password.isEmpty() ? Authentication.NONE
                    : kind == 1 ? Authentication.pass(password) : Authentication.ah(password);
            advert = VrrpAdvert.v2(vrid, priority, interval, auth, addresses);
            expectation = Expectation.v2(interval, auth, addresses, unicast);
        } else {
            int interval = data.consumeInt(0, VrrpAdvert.MAX_V3_INTERVAL_CENTIS);
            advert = VrrpAdvert.v3(family, vrid, priority, interval, addresses);
            expectation = Expectation.v3(family, interval, addresses, unicast);
        }
        InetAddress self = family == AddressFamily.IPV4 ? V4_PEER : V6_PEER;
        Endpoints endpoints = unicast ? Endpoints.of(self, family == AddressFamily.IPV4 ? V4_SELF : V6_SELF)
                : Endpoints.multicast(self);
        DecodeResult result;
        if (family == AddressFamily.IPV4) {
            byte[] datagram = Packets.encodeDatagram(advert, endpoints, 7);
            long sequence = data.consumeLong() & 0xFFFF_FFFFL;
            if (advert.authentication().type() == AuthType.AH) {
                IpsecAh.sign(datagram, 7, sequence, advert.authentication(), unicast);
            }
            result = VrrpDecoder.decodeIpv4Datagram(ByteBuffer.wrap(datagram), expectation);
            if (advert.authentication().type() == AuthType.AH) {
                assertThat(result).isInstanceOfSatisfying(DecodeResult.Accepted.class,
                        a -> assertThat(a.ahSequence()).isEqualTo(sequence));
            }
        } else {
            result = VrrpDecoder.decode(ByteBuffer.wrap(Packets.encodeAdvert(advert, endpoints)),
                    new ReceivedFrom(endpoints.source(), endpoints.destination(), 255), expectation);
        }
        assertThat(result).isInstanceOfSatisfying(DecodeResult.Accepted.class, a -> {
            VrrpAdvert back = a.advert();
            if (advert.authentication().type() == AuthType.AH) {
                // the key stays off the wire: the field arrives zero
                assertThat(back.authentication()).isEqualTo(Authentication.of(AuthType.AH, new byte[8]));
                back = VrrpAdvert.v2(back.vrid(), back.priority(), back.advertIntervalCentis() / 100,
                        advert.authentication(), back.addresses());
            }
            assertThat(back).isEqualTo(advert);
            assertThat(a.source()).isEqualTo(endpoints.source());
            assertThat(a.addressListMismatch()).isFalse();
            assertThat(a.advertIntervalMismatch()).isFalse();
        });
    }

    /** Distinct addresses, as an instance's are, as many as fit an advert. */
    private static List<InetAddress> addresses(FuzzedDataProvider data, AddressFamily family) {
        int length = family.addressLength();
        int max = family == AddressFamily.IPV4 ? VrrpAdvert.MAX_ADDRESSES
                : VrrpLimits.maxAddresses(VrrpVersion.V3, AddressFamily.IPV6, VrrpLimits.DEFAULT_MTU);
        int count = data.consumeInt(0, max);
        Set<InetAddress> unique = new LinkedHashSet<>();
        for (int i = 0; i < count && data.remainingBytes() >= length; i++) {
            try {
                InetAddress address = InetAddress.getByAddress(data.consumeBytes(length));
                // an IPv4-mapped IPv6 address reads as IPv4: no IPv6 instance can have one
                if (AddressFamily.of(address) == family) {
                    unique.add(address);
                }
            } catch (UnknownHostException e) {
                throw new AssertionError(e);
            }
        }
        return new ArrayList<>(unique);
    }
}
