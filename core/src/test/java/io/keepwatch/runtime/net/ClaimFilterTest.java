package io.keepwatch.runtime.net;

import static org.assertj.core.api.Assertions.assertThat;

import io.keepwatch.linux.SocketFilter;
import io.keepwatch.vrrp.codec.AddressProbe;
import io.keepwatch.vrrp.codec.GratuitousArp;
import io.keepwatch.vrrp.codec.MacAddress;
import io.keepwatch.vrrp.codec.UnsolicitedNeighbourAdvert;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.function.ToIntFunction;
import org.junit.jupiter.api.Test;

/**
 * The watch's classic BPF program, run by a small interpreter of the instructions it uses: ARP
 * naming a watched address as sender or target and neighbour discovery for a watched target pass,
 * everything else (other addresses, other protocols, the host's own frames) is dropped; with more
 * addresses than its jumps can span, all ARP and neighbour discovery pass.
 */
class ClaimFilterTest {

    private static final MacAddress MAC = MacAddress.parse("02:00:00:00:00:02");
    private static final Inet4Address VIP = (Inet4Address) InetAddress.ofLiteral("192.0.2.10");
    private static final Inet4Address OTHER = (Inet4Address) InetAddress.ofLiteral("192.0.2.99");
    private static final Inet4Address HOST = (Inet4Address) InetAddress.ofLiteral("192.0.2.1");
    private static final Inet6Address VIP6 = (Inet6Address) InetAddress.ofLiteral("2001:db8::10");
    private static final Inet6Address OTHER6 = (Inet6Address) InetAddress.ofLiteral("2001:db8::99");
    private static final int HOST_PACKET = 0;
    private static final int OUTGOING = 4;

    private static byte[] frame(ToIntFunction<ByteBuffer> encoder) {
        ByteBuffer b = ByteBuffer.allocate(128);
        return Arrays.copyOf(b.array(), encoder.applyAsInt(b));
    }

    /** Runs {@code filter} on {@code frame}: the number of bytes it keeps (0: dropped). */
    static int run(SocketFilter filter, byte[] frame, int packetType) {
        ByteBuffer b = ByteBuffer.wrap(frame);
        List<SocketFilter.Instruction> code = filter.instructions();
        int a = 0;
        for (int pc = 0; pc < code.size(); pc++) {
            SocketFilter.Instruction i = code.get(pc);
            switch (i.code()) {
                case 0x20, 0x28, 0x30 -> {
                    int size = i.code() == 0x20 ? 4 : i.code() == 0x28 ? 2 : 1;
                    if (i.k() == 0xFFFF_F004) {
                        a = packetType;
                    } else if (i.k() < 0 || i.k() + size > frame.length) {
                        return 0; // the kernel drops a frame read beyond its end
                    } else {
                        a = size == 4 ? b.getInt(i.k()) : size == 2 ? b.getShort(i.k()) & 0xFFFF : b.get(i.k()) & 0xFF;
                    }
                }
                case 0x15 -> pc += a == i.k() ? i.jt() : i.jf();
                case 0x06 -> {
                    return i.k();
                }
                default -> throw new AssertionError("unexpected opcode 0x" + Integer.toHexString(i.code()));
            }
        }
        throw new AssertionError("ran off the end of the program");
    }

    private static final SocketFilter FILTER = ClaimFilter.of(Set.of(VIP, VIP6));

    @Test
    void arpNamingAWatchedAddressPasses() {
        assertThat(run(FILTER, frame(b -> GratuitousArp.encode(MAC, VIP, b)), HOST_PACKET)).isPositive();
        assertThat(run(FILTER, frame(b -> AddressProbe.arp(MAC, HOST, MacAddress.BROADCAST, VIP, b)), HOST_PACKET))
                .as("a request for the address").isPositive();
        assertThat(run(FILTER, frame(b -> AddressProbe.arp(MAC, VIP, MacAddress.BROADCAST, HOST, b)), HOST_PACKET))
                .as("from the address").isPositive();
    }

    @Test
    void otherArpTheHostsOwnFramesAndOtherProtocolsAreDropped() {
        assertThat(run(FILTER, frame(b -> GratuitousArp.encode(MAC, OTHER, b)), HOST_PACKET)).isZero();
        assertThat(run(FILTER, frame(b -> AddressProbe.arp(MAC, HOST, MacAddress.BROADCAST, OTHER, b)), HOST_PACKET))
                .isZero();
        assertThat(run(FILTER, frame(b -> GratuitousArp.encode(MAC, VIP, b)), OUTGOING)).isZero();
        byte[] ipv4 = new byte[60];
        ipv4[12] = 0x08;
        assertThat(run(FILTER, ipv4, HOST_PACKET)).isZero();
    }

    @Test
    void neighbourDiscoveryForAWatchedTargetPasses() {
        assertThat(run(FILTER, frame(b -> UnsolicitedNeighbourAdvert.encode(MAC, VIP6, false, b)), HOST_PACKET))
                .isPositive();
        assertThat(run(FILTER, frame(b -> AddressProbe.neighbourSolicitation(MAC,
                (Inet6Address) InetAddress.ofLiteral("fe80::1"), MAC, VIP6, b)), HOST_PACKET)).isPositive();
        assertThat(run(FILTER, frame(b -> UnsolicitedNeighbourAdvert.encode(MAC, OTHER6, false, b)), HOST_PACKET))
                .isZero();
    }

    @Test
    void withoutAddressesOfAFamilyNothingOfThatFamilyPasses() {
        SocketFilter v4Only = ClaimFilter.of(Set.of(VIP));
        assertThat(run(v4Only, frame(b -> UnsolicitedNeighbourAdvert.encode(MAC, VIP6, false, b)), HOST_PACKET)).isZero();
        SocketFilter v6Only = ClaimFilter.of(Set.of(VIP6));
        assertThat(run(v6Only, frame(b -> GratuitousArp.encode(MAC, VIP, b)), HOST_PACKET)).isZero();
    }

    @Test
    void withManyAddressesAllArpAndNeighbourDiscoveryPass() {
        List<InetAddress> many = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            many.add(InetAddress.ofLiteral("198.51." + (i / 250) + "." + (i % 250 + 1)));
            many.add(InetAddress.ofLiteral("2001:db8::" + Integer.toHexString(i + 1)));
        }
        SocketFilter filter = ClaimFilter.of(many);
        assertThat(filter.instructions().size()).isLessThan(SocketFilter.MAX_INSTRUCTIONS);
        assertThat(run(filter, frame(b -> GratuitousArp.encode(MAC, OTHER, b)), HOST_PACKET)).isPositive();
        assertThat(run(filter, frame(b -> UnsolicitedNeighbourAdvert.encode(MAC, OTHER6, false, b)), HOST_PACKET))
                .isPositive();
        assertThat(run(filter, frame(b -> GratuitousArp.encode(MAC, OTHER, b)), OUTGOING)).isZero();
    }

    @Test
    void aFewDozenAddressesAreStillFilteredOneByOne() {
        List<InetAddress> some = new ArrayList<>(List.of(VIP));
        for (int i = 1; i <= 40; i++) {
            some.add(InetAddress.ofLiteral("198.51.100." + i));
        }
        SocketFilter filter = ClaimFilter.of(some);
        assertThat(run(filter, frame(b -> GratuitousArp.encode(MAC, VIP, b)), HOST_PACKET)).isPositive();
        assertThat(run(filter, frame(b -> GratuitousArp.encode(MAC, OTHER, b)), HOST_PACKET)).isZero();
    }
}
