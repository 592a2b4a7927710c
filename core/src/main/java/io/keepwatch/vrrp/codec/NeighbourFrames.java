package io.keepwatch.vrrp.codec;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Optional;

/**
 * Reads ARP (RFC 826) and IPv6 neighbour solicitations and advertisements (RFC 4861 section 4.3,
 * 4.4) out of received Ethernet frames. Anything else, and anything malformed, is empty: the
 * frames come from the segment, so this never throws on their bytes.
 */
public final class NeighbourFrames {
    private static final int ETHERNET_HEADER = 14;
    private static final int ARP_LENGTH = 28;
    private static final int IPV6_HEADER = 40;
    private static final int ND_MINIMUM = 24;
    private static final int TYPE_NEIGHBOR_SOLICITATION = 135;
    private static final int TYPE_NEIGHBOR_ADVERT = 136;
    private static final int OPTION_SOURCE_LINK_LAYER_ADDRESS = 1;
    private static final int OPTION_TARGET_LINK_LAYER_ADDRESS = 2;
    private static final int FLAG_OVERRIDE = 0x20;
    private static final int FLAG_SOLICITED = 0x40;

    private NeighbourFrames() {
    }

    /** The sighting in {@code frame} (Ethernet header first), if it is ARP or NS/NA and well formed. */
    public static Optional<NeighbourSighting> parse(byte[] frame) {
        if (frame == null || frame.length < ETHERNET_HEADER) {
            return Optional.empty();
        }
        ByteBuffer b = ByteBuffer.wrap(frame);
        int etherType = b.getShort(12) & 0xFFFF;
        return switch (etherType) {
            case ArpFrame.ETHERTYPE_ARP -> arp(b);
            case NdpFrame.ETHERTYPE_IPV6 -> neighbourDiscovery(b);
            default -> Optional.empty();
        };
    }

    private static Optional<NeighbourSighting> arp(ByteBuffer b) {
        int a = ETHERNET_HEADER;
        if (b.limit() < a + ARP_LENGTH || (b.getShort(a) & 0xFFFF) != ArpFrame.HARDWARE_ETHERNET
                || (b.getShort(a + 2) & 0xFFFF) != ArpFrame.ETHERTYPE_IPV4 || b.get(a + 4) != MacAddress.LENGTH
                || b.get(a + 5) != 4) {
            return Optional.empty();
        }
        int operation = b.getShort(a + 6) & 0xFFFF;
        NeighbourSighting.Kind kind = switch (operation) {
            case ArpFrame.OPERATION_REQUEST -> NeighbourSighting.Kind.ARP_REQUEST;
            case ArpFrame.OPERATION_REPLY -> NeighbourSighting.Kind.ARP_REPLY;
            default -> null;
        };
        if (kind == null) {
            return Optional.empty();
        }
        return Optional.of(new NeighbourSighting(kind, mac(b, a + 8), address(b, a + 14, 4), address(b, a + 24, 4),
                false, false));
    }

    private static Optional<NeighbourSighting> neighbourDiscovery(ByteBuffer b) {
        int ip = ETHERNET_HEADER;
        if (b.limit() < ip + IPV6_HEADER + ND_MINIMUM || (b.get(ip) & 0xF0) != 0x60
                || (b.get(ip + 6) & 0xFF) != NdpFrame.NEXT_HEADER_ICMPV6
                // RFC 4861 section 7.1.1/7.1.2: a hop limit below 255 came through a router
                || (b.get(ip + 7) & 0xFF) != NdpFrame.HOP_LIMIT) {
            return Optional.empty();
        }
        int icmp = ip + IPV6_HEADER;
        int end = Math.min(b.limit(), icmp + (b.getShort(ip + 4) & 0xFFFF));
        if (end - icmp < ND_MINIMUM || b.get(icmp + 1) != 0) {
            return Optional.empty();
        }
        int type = b.get(icmp) & 0xFF;
        NeighbourSighting.Kind kind;
        int wanted;
        if (type == TYPE_NEIGHBOR_ADVERT) {
            kind = NeighbourSighting.Kind.NEIGHBOUR_ADVERT;
            wanted = OPTION_TARGET_LINK_LAYER_ADDRESS;
        } else if (type == TYPE_NEIGHBOR_SOLICITATION) {
            kind = NeighbourSighting.Kind.NEIGHBOUR_SOLICITATION;
            wanted = OPTION_SOURCE_LINK_LAYER_ADDRESS;
        } else {
            return Optional.empty();
        }
        MacAddress hardware = mac(b, 6);
        for (int at = icmp + ND_MINIMUM; at + 2 <= end; ) {
            int length = (b.get(at + 1) & 0xFF) * 8;
            if (length == 0 || at + length > end) {
                return Optional.empty(); // RFC 4861 section 4.6: a zero-length option invalidates the message
            }
            if ((b.get(at) & 0xFF) == wanted && length >= 8) {
                hardware = mac(b, at + 2);
            }
            at += length;
        }
        if (ipv4Mapped(b, ip + 8) || ipv4Mapped(b, icmp + 8)) {
            // RFC 4291 section 2.5.5.2: no IPv6 node has such an address (Java would read it as IPv4,
            // so that a forged advert could name an IPv4 VIP)
            return Optional.empty();
        }
        boolean advert = kind == NeighbourSighting.Kind.NEIGHBOUR_ADVERT;
        boolean override = advert && (b.get(icmp + 4) & FLAG_OVERRIDE) != 0;
        boolean solicited = advert && (b.get(icmp + 4) & FLAG_SOLICITED) != 0;
        return Optional.of(new NeighbourSighting(kind, hardware, address(b, ip + 8, 16), address(b, icmp + 8, 16),
                override, solicited));
    }

    /** Whether the 16 octets at {@code at} are an IPv4-mapped IPv6 address ({@code ::ffff:a.b.c.d}). */
    private static boolean ipv4Mapped(ByteBuffer b, int at) {
        for (int i = 0; i < 10; i++) {
            if (b.get(at + i) != 0) {
                return false;
            }
        }
        return b.get(at + 10) == (byte) 0xFF && b.get(at + 11) == (byte) 0xFF;
    }

    private static MacAddress mac(ByteBuffer b, int at) {
        byte[] octets = new byte[MacAddress.LENGTH];
        b.get(at, octets);
        return MacAddress.of(octets);
    }

    private static InetAddress address(ByteBuffer b, int at, int length) {
        byte[] raw = Arrays.copyOfRange(b.array(), at, at + length);
        try {
            return InetAddress.getByAddress(raw);
        } catch (UnknownHostException e) {
            throw new AssertionError("an address of " + length + " octets", e);
        }
    }
}
