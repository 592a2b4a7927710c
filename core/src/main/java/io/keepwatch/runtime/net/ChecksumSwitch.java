package io.keepwatch.runtime.net;

import io.keepwatch.vrrp.codec.Endpoints;
import io.keepwatch.vrrp.codec.Expectation;
import io.keepwatch.vrrp.codec.PseudoHeaderDestination;
import java.net.InetAddress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The VRRPv3 IPv4 checksum one instance sends and expects ({@code old_unicast_checksum}). By
 * default keepalived checks with the packet's destination, and on the first unicast advert whose
 * checksum holds only with the multicast group (a peer with the old checksum) switches to the old
 * checksum for good, sending included: this object holds that switch, set by the socket's reader
 * thread and read by the VRRP thread when it sends.
 */
final class ChecksumSwitch {
    private static final Logger LOG = LoggerFactory.getLogger(ChecksumSwitch.class);

    private final String instance;
    private final Expectation configured;
    private final Expectation switched;
    private volatile boolean group;

    ChecksumSwitch(InstanceWiring wiring) {
        this.instance = wiring.instance();
        this.configured = wiring.expectation();
        this.group = configured.pseudoHeaderDestination() == PseudoHeaderDestination.GROUP;
        this.switched = configured.pseudoHeaderDestination() == PseudoHeaderDestination.PACKET_OR_GROUP
                ? configured.withPseudoHeaderDestination(PseudoHeaderDestination.GROUP, configured.checksumGroup())
                : configured;
    }

    /** What received adverts are checked against now. */
    Expectation expectation() {
        return group ? switched : configured;
    }

    /** Whether adverts are sent with the old checksum (configured, or switched to). */
    boolean sendsGroupChecksum() {
        return group;
    }

    /** The endpoints of an advert to {@code destination}, with the checksum in force. */
    Endpoints endpoints(InetAddress source, InetAddress destination) {
        Endpoints e = Endpoints.of(source, destination);
        return group ? e.withChecksumDestination(configured.checksumGroup()) : e;
    }

    /** An advert was accepted with the old checksum only: switch to it, once (keepalived's words). */
    void heardGroupChecksum() {
        if (!group) {
            group = true;
            LOG.info("({}) Setting unicast VRRPv3 checksum to old version", instance);
        }
    }
}
