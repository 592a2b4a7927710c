package io.keepwatch.vrrp.codec;

import java.util.Objects;
import java.net.InetAddress;

/**
 * What the kernel reports beside a received VRRP payload. An IPv6 raw socket hands over the VRRP
 * message only: the source comes from {@code recvmsg}'s address, the destination from
 * {@code IPV6_PKTINFO} and the hop limit from {@code IPV6_HOPLIMIT} ancillary data.
 *
 * @param source      the sender
 * @param destination the packet's destination (multicast group or our unicast address)
 * @param hopLimit    IPv4 TTL / IPv6 hop limit, or {@link #UNKNOWN_HOP_LIMIT} when the kernel gave none
 */
public record ReceivedFrom(InetAddress source, InetAddress destination, int hopLimit) {
    /** No hop limit was received; the TTL check is then skipped, as keepalived skips it. */
    public static final int UNKNOWN_HOP_LIMIT = -1;

    public ReceivedFrom {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(destination, "destination");
        if (hopLimit < UNKNOWN_HOP_LIMIT || hopLimit > 255) {
            throw new IllegalArgumentException("hop limit must be 0..255 or -1 (unknown), got " + hopLimit);
        }
    }
}
