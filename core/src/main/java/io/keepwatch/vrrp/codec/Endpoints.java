package io.keepwatch.vrrp.codec;

import io.keepwatch.vrrp.AddressFamily;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.Objects;

/**
 * Source and destination of sent adverts, packed once so that the per-advert encoding allocates
 * nothing. VRRPv3 needs both for its checksum's pseudo-header (RFC 5798 5.2.8), and it must be
 * the packet's real destination: the multicast group, or the unicast peer.
 *
 * <p>The source is the sender's primary address on the interface (IPv6: its link-local address);
 * the destination is {@link #MULTICAST_IPV4} / {@link #MULTICAST_IPV6}, or a unicast peer.
 */
public final class Endpoints {
    /** VRRP's IPv4 multicast group (RFC 5798 5.1.1.2). */
    public static final InetAddress MULTICAST_IPV4 = address(new byte[] {(byte) 224, 0, 0, 18});
    /** VRRP's IPv6 multicast group (RFC 5798 5.1.2.2). */
    public static final InetAddress MULTICAST_IPV6 =
            address(new byte[] {(byte) 0xff, 2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x12});

    private final InetAddress source;
    private final InetAddress destination;
    private final byte[] packedSource;
    private final byte[] packedDestination;
    private final byte[] packedChecksumDestination;

    private Endpoints(InetAddress source, InetAddress destination) {
        this(source, destination, destination);
    }

    private Endpoints(InetAddress source, InetAddress destination, InetAddress checksumDestination) {
        this.source = Objects.requireNonNull(source, "source");
        this.destination = Objects.requireNonNull(destination, "destination");
        if (AddressFamily.of(source) != AddressFamily.of(destination)) {
            throw new IllegalArgumentException("source " + source.getHostAddress() + " and destination "
                    + destination.getHostAddress() + " are of different families");
        }
        this.packedSource = source.getAddress();
        this.packedDestination = destination.getAddress();
        if (AddressFamily.of(checksumDestination) != AddressFamily.of(destination)) {
            throw new IllegalArgumentException("checksum destination " + checksumDestination.getHostAddress()
                    + " is not of the family of " + destination.getHostAddress());
        }
        this.packedChecksumDestination = checksumDestination.getAddress();
    }

    /**
     * These endpoints, with {@code group} in place of the destination in the VRRPv3 checksum's
     * pseudo-header: keepalived's old unicast checksum ({@link PseudoHeaderDestination#GROUP}).
     */
    public Endpoints withChecksumDestination(InetAddress group) {
        return new Endpoints(source, destination, group);
    }

    /**
     * Adverts from {@code source} to {@code destination}.
     *
     * @throws IllegalArgumentException if the two are of different families
     */
    public static Endpoints of(InetAddress source, InetAddress destination) {
        return new Endpoints(source, destination);
    }

    public InetAddress source() {
        return source;
    }

    public InetAddress destination() {
        return destination;
    }

    byte[] packedSource() {
        return packedSource;
    }

    byte[] packedDestination() {
        return packedDestination;
    }

    /** The destination the VRRPv3 checksum's pseudo-header holds: the destination, unless replaced. */
    byte[] packedChecksumDestination() {
        return packedChecksumDestination;
    }

    /** Adverts from {@code source} to VRRP's multicast group of its family. */
    public static Endpoints multicast(InetAddress source) {
        return of(source, AddressFamily.of(source) == AddressFamily.IPV4 ? MULTICAST_IPV4 : MULTICAST_IPV6);
    }

    public AddressFamily family() {
        return AddressFamily.of(source);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Endpoints e && source.equals(e.source) && destination.equals(e.destination)
                && Arrays.equals(packedChecksumDestination, e.packedChecksumDestination);
    }

    @Override
    public int hashCode() {
        return 31 * source.hashCode() + destination.hashCode();
    }

    @Override
    public String toString() {
        return "Endpoints[" + source.getHostAddress() + " -> " + destination.getHostAddress() + "]";
    }

    private static InetAddress address(byte[] octets) {
        try {
            return InetAddress.getByAddress(octets);
        } catch (UnknownHostException e) {
            throw new AssertionError(e);
        }
    }
}
