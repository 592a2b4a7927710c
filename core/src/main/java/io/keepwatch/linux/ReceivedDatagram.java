package io.keepwatch.linux;

import java.net.InetAddress;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;

/**
 * One datagram read from a {@link VrrpSocket}.
 *
 * @param data            for IPv4 the whole IP datagram (the kernel hands raw IPv4 sockets the
 *                        header); for IPv6 the VRRP packet only (IPv6 raw sockets never see the header)
 * @param source          the sender's address (IPv6 link-local ones carry the scope id)
 * @param destination     the destination address of the packet (IP_PKTINFO / IPV6_PKTINFO), e.g.
 *                        224.0.0.18 or ff02::12 for multicast adverts
 * @param ttlOrHopLimit   IPv4 TTL or IPv6 hop limit as received; RFC 5798 section 7.1 discards
 *                        adverts where it is not 255
 * @param ifIndex         the interface the packet arrived on
 * @param receivedNanos   when the kernel received it, on {@link System#nanoTime()}'s scale (from the
 *                        kernel's stamp, see {@link ArrivalTime}; when it was read, without one)
 */
public record ReceivedDatagram(byte[] data, InetAddress source, InetAddress destination, int ttlOrHopLimit,
                               int ifIndex, long receivedNanos) {

    @Override
    public boolean equals(Object o) {
        return o instanceof ReceivedDatagram r && Arrays.equals(data, r.data) && Objects.equals(source, r.source)
                && Objects.equals(destination, r.destination) && ttlOrHopLimit == r.ttlOrHopLimit
                && ifIndex == r.ifIndex && receivedNanos == r.receivedNanos;
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(data) * 31 + Objects.hashCode(source);
    }

    @Override
    public String toString() {
        return "ReceivedDatagram[" + data.length + " bytes from " + source.getHostAddress() + " to "
                + (destination == null ? "?" : destination.getHostAddress()) + ", ttl " + ttlOrHopLimit
                + ", ifindex " + ifIndex + ": " + HexFormat.of().formatHex(data) + "]";
    }
}
