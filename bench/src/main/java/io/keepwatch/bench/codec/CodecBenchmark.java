package io.keepwatch.bench.codec;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.keepwatch.vrrp.AddressFamily;
import io.keepwatch.vrrp.codec.Authentication;
import io.keepwatch.vrrp.codec.DecodeResult;
import io.keepwatch.vrrp.codec.Endpoints;
import io.keepwatch.vrrp.codec.Expectation;
import io.keepwatch.vrrp.codec.ReceivedFrom;
import io.keepwatch.vrrp.codec.VrrpAdvert;
import io.keepwatch.vrrp.codec.VrrpDecoder;
import io.keepwatch.vrrp.codec.VrrpEncoder;
import io.keepwatch.vrrp.codec.VrrpLimits;
import io.keepwatch.vrrp.VrrpVersion;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Cost of encoding an advert (what a master pays every advert_int) and of decoding and checking
 * one (what every backup pays per received advert), for each version/family with 1, 20 and the
 * most addresses an advert may carry on a 1500-octet MTU.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class CodecBenchmark {
    /** VRRPv2 over IPv4 with PASS authentication, VRRPv3 over IPv4, VRRPv3 over IPv6. */
    @Param({"V2_IPV4", "V3_IPV4", "V3_IPV6"})
    public String kind;

    /** Number of virtual addresses; MAX is {@link VrrpLimits#maxAddresses} at MTU 1500. */
    @Param({"1", "20", "MAX"})
    public String addresses;

    private VrrpAdvert advert;
    private Endpoints endpoints;
    private Expectation expectation;
    private ReceivedFrom receivedFrom;
    private ByteBuffer out;
    private ByteBuffer received;

    @Setup(Level.Trial)
    public void setUp() throws UnknownHostException {
        VrrpVersion version = kind.startsWith("V2") ? VrrpVersion.V2 : VrrpVersion.V3;
        AddressFamily family = kind.endsWith("IPV6") ? AddressFamily.IPV6 : AddressFamily.IPV4;
        int count = "MAX".equals(addresses)
                ? VrrpLimits.maxAddresses(version, family, VrrpLimits.DEFAULT_MTU)
                : Integer.parseInt(addresses);
        List<InetAddress> vips = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            vips.add(family == AddressFamily.IPV4
                    ? InetAddress.getByAddress(new byte[] {10, 9, (byte) (i >> 8), (byte) (i + 1)})
                    : InetAddress.getByName("fd00:9::" + Integer.toHexString(i + 1)));
        }
        InetAddress source = InetAddress.getByName(family == AddressFamily.IPV4 ? "10.9.0.1" : "fe80::1");
        endpoints = Endpoints.multicast(source);
        if (version == VrrpVersion.V2) {
            advert = VrrpAdvert.v2(51, 100, 1, Authentication.pass("1111"), vips);
            expectation = Expectation.v2(1, Authentication.pass("1111"), vips, false);
        } else {
            advert = VrrpAdvert.v3(family, 51, 100, 100, vips);
            expectation = Expectation.v3(family, 100, vips, false);
        }
        receivedFrom = new ReceivedFrom(source, endpoints.destination(), 255);
        out = ByteBuffer.allocateDirect(2048);
        received = ByteBuffer.allocateDirect(2048);
        if (family == AddressFamily.IPV4) {
            VrrpEncoder.encodeIpv4Datagram(advert, endpoints, 1, received);
        } else {
            VrrpEncoder.encodeAdvert(advert, endpoints, received);
        }
        received.flip();
        if (!(decode() instanceof DecodeResult.Accepted)) {
            throw new IllegalStateException("benchmark advert does not decode: " + decode());
        }
    }

    /** What the daemon sends: the full IPv4 datagram (IP_HDRINCL), or the IPv6 payload. */
    @Benchmark
    public int encode() {
        out.clear();
        return advert.family() == AddressFamily.IPV4
                ? VrrpEncoder.encodeIpv4Datagram(advert, endpoints, 1, out)
                : VrrpEncoder.encodeAdvert(advert, endpoints, out);
    }

    /** What a receiver does with each advert: parse, check in keepalived's order, build the result. */
    @Benchmark
    public DecodeResult decode() {
        return advert.family() == AddressFamily.IPV4
                ? VrrpDecoder.decodeIpv4Datagram(received, expectation)
                : VrrpDecoder.decode(received, receivedFrom, expectation);
    }
}
