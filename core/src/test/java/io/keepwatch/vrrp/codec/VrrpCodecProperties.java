package io.keepwatch.vrrp.codec;

import io.keepwatch.vrrp.VrrpVersion;
import io.keepwatch.vrrp.AddressFamily;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/** Decoding never throws; encoding then decoding gives the advert back, for both versions and families. */
class VrrpCodecProperties {
    private static final InetAddress V4_SOURCE = Packets.ip("10.9.0.1");
    private static final InetAddress V6_SOURCE = Packets.ip("fe80::1");
    private static final List<Expectation> EXPECTATIONS = List.of(
            Expectation.v2(1, Authentication.pass("1111"), List.of(Packets.ip("10.9.0.109")), false),
            Expectation.v2(1, Authentication.NONE, List.of(), true),
            Expectation.v3(AddressFamily.IPV4, 100, List.of(Packets.ip("10.9.0.109")), false),
            Expectation.v3(AddressFamily.IPV4, 100, List.of(), true));
    private static final Expectation V6 = Expectation.v3(AddressFamily.IPV6, 100, List.of(Packets.ip("fd00::1")), false);

    /** A VRRPv2 or VRRPv3 advert with its endpoints. */
    record Case(VrrpAdvert advert, Endpoints endpoints) {
    }

    @Property(tries = 2000)
    void arbitraryDatagramsNeverThrow(@ForAll @Size(max = 300) byte[] bytes, @ForAll @IntRange(max = 3) int which) {
        DecodeResult result = VrrpDecoder.decodeIpv4Datagram(ByteBuffer.wrap(bytes), EXPECTATIONS.get(which));
        assertThat(result).isNotNull();
    }

    @Property(tries = 2000)
    void arbitraryPayloadsNeverThrow(@ForAll @Size(max = 300) byte[] bytes, @ForAll @IntRange(max = 255) int hopLimit,
                                     @ForAll boolean multicast) {
        ReceivedFrom from = new ReceivedFrom(V6_SOURCE, multicast ? Endpoints.MULTICAST_IPV6 : Packets.ip("fe80::2"), hopLimit);
        assertThat(VrrpDecoder.decode(ByteBuffer.wrap(bytes), from, V6)).isNotNull();
        ReceivedFrom from4 = new ReceivedFrom(V4_SOURCE, multicast ? Endpoints.MULTICAST_IPV4 : Packets.ip("10.9.0.2"), hopLimit);
        assertThat(VrrpDecoder.decode(ByteBuffer.wrap(bytes), from4, EXPECTATIONS.get(hopLimit % 4))).isNotNull();
        VrrpDecoder.peekVrid(ByteBuffer.wrap(bytes));
        VrrpDecoder.peekVridIpv4Datagram(ByteBuffer.wrap(bytes));
    }

    /** Valid adverts with a few octets changed, some cut off or some added: the decoder must still answer. */
    @Property(tries = 2000)
    void mutatedAdvertsNeverThrow(@ForAll("cases") Case c, @ForAll @Size(min = 1, max = 6) List<@IntRange(max = 400) Integer> positions,
                                  @ForAll byte value, @ForAll @IntRange(min = -20, max = 8) int lengthChange) {
        byte[] bytes = c.advert().family() == AddressFamily.IPV4
                ? Packets.encodeDatagram(c.advert(), c.endpoints(), 1)
                : Packets.encodeAdvert(c.advert(), c.endpoints());
        for (int p : positions) {
            bytes[p % bytes.length] ^= (byte) (value == 0 ? 1 : value);
        }
        byte[] changed = java.util.Arrays.copyOf(bytes, Math.max(0, bytes.length + lengthChange));
        boolean unicast = !c.endpoints().destination().isMulticastAddress();
        DecodeResult result;
        int vrrpOffset;
        Endpoints seen;
        if (c.advert().family() == AddressFamily.IPV4) {
            result = VrrpDecoder.decodeIpv4Datagram(ByteBuffer.wrap(changed), expectationFor(c.advert(), unicast));
            vrrpOffset = changed.length > 0 ? (changed[0] & 0x0F) * 4 : 0;
            seen = changed.length >= 20 ? Endpoints.of(Packets.ip4(changed, 12), Packets.ip4(changed, 16)) : null;
        } else {
            result = VrrpDecoder.decode(ByteBuffer.wrap(changed),
                    new ReceivedFrom(c.endpoints().source(), c.endpoints().destination(), 255), expectationFor(c.advert(), unicast));
            vrrpOffset = 0;
            seen = c.endpoints();
        }
        assertThat(result).isNotNull();
        if (result instanceof DecodeResult.Accepted accepted) {
            VrrpDecoderFuzzTest.assertAcceptedIsWhatTheOctetsSay(accepted, changed, vrrpOffset, seen);
        }
    }

    @Property(tries = 1000)
    void encodeThenDecodeGivesTheAdvertBack(@ForAll("cases") Case c) {
        VrrpAdvert advert = c.advert();
        boolean unicast = !c.endpoints().destination().isMulticastAddress();
        Expectation ours = expectationFor(advert, unicast);
        DecodeResult result;
        if (advert.family() == AddressFamily.IPV4) {
            result = VrrpDecoder.decodeIpv4Datagram(ByteBuffer.wrap(Packets.encodeDatagram(advert, c.endpoints(), 99)), ours);
        } else {
            result = VrrpDecoder.decode(ByteBuffer.wrap(Packets.encodeAdvert(advert, c.endpoints())),
                    new ReceivedFrom(c.endpoints().source(), c.endpoints().destination(), 255), ours);
        }
        assertThat(result).isInstanceOfSatisfying(DecodeResult.Accepted.class, a -> {
            assertThat(a.advert()).isEqualTo(advert);
            assertThat(a.source()).isEqualTo(c.endpoints().source());
            assertThat(a.addressListMismatch()).isFalse();
            assertThat(a.advertIntervalMismatch()).isFalse();
        });
    }

    private static Expectation expectationFor(VrrpAdvert advert, boolean unicast) {
        return advert.version() == VrrpVersion.V2
                ? Expectation.v2(advert.advertIntervalCentis() / 100, advert.authentication(), advert.addresses(), unicast)
                : Expectation.v3(advert.family(), advert.advertIntervalCentis(), advert.addresses(), unicast);
    }

    @Provide
    Arbitrary<Case> cases() {
        Arbitrary<Integer> vrid = Arbitraries.integers().between(1, 255);
        Arbitrary<Integer> priority = Arbitraries.integers().between(0, 255);
        Arbitrary<Boolean> unicast = Arbitraries.of(true, false);
        Arbitrary<Case> v2 = Combinators.combine(vrid, priority, Arbitraries.integers().between(0, 255),
                        Arbitraries.strings().alpha().ofMinLength(0).ofMaxLength(8), ipv4Lists(), unicast)
                .as((id, prio, interval, pass, vips, uni) -> new Case(
                        VrrpAdvert.v2(id, prio, interval, pass.isEmpty() ? Authentication.NONE : Authentication.pass(pass), vips),
                        uni ? Endpoints.of(V4_SOURCE, Packets.ip("10.9.0.2")) : Endpoints.multicast(V4_SOURCE)));
        Arbitrary<Case> v3v4 = Combinators.combine(vrid, priority, Arbitraries.integers().between(0, 4095), ipv4Lists(), unicast)
                .as((id, prio, interval, vips, uni) -> new Case(VrrpAdvert.v3(AddressFamily.IPV4, id, prio, interval, vips),
                        uni ? Endpoints.of(V4_SOURCE, Packets.ip("10.9.0.2")) : Endpoints.multicast(V4_SOURCE)));
        Arbitrary<Case> v3v6 = Combinators.combine(vrid, priority, Arbitraries.integers().between(0, 4095), ipv6Lists(), unicast)
                .as((id, prio, interval, vips, uni) -> new Case(VrrpAdvert.v3(AddressFamily.IPV6, id, prio, interval, vips),
                        uni ? Endpoints.of(V6_SOURCE, Packets.ip("fe80::2")) : Endpoints.multicast(V6_SOURCE)));
        return Arbitraries.oneOf(v2, v3v4, v3v6);
    }

    private static Arbitrary<List<InetAddress>> ipv4Lists() {
        return addresses(4, 255);
    }

    private static Arbitrary<List<InetAddress>> ipv6Lists() {
        return addresses(16, VrrpLimits.maxAddresses(VrrpVersion.V3, AddressFamily.IPV6, VrrpLimits.DEFAULT_MTU));
    }

    /** Distinct addresses, as an instance's are. */
    private static Arbitrary<List<InetAddress>> addresses(int length, int max) {
        return Arbitraries.bytes().array(byte[].class).ofSize(length).set().ofMaxSize(max).map(set -> {
            Set<InetAddress> unique = new LinkedHashSet<>();
            for (byte[] octets : set) {
                try {
                    unique.add(InetAddress.getByAddress(octets));
                } catch (UnknownHostException e) {
                    throw new AssertionError(e);
                }
            }
            return new ArrayList<>(unique);
        });
    }
}
