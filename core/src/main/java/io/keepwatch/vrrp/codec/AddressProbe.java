package io.keepwatch.vrrp.codec;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.nio.ByteBuffer;

/**
 * Asks one station whether it still holds an address: an ARP request (RFC 826) or a unicast
 * neighbour solicitation (RFC 4861 section 7.2.2, as neighbour unreachability detection sends it)
 * for the address, in a frame to that station's MAC alone. A station that holds the address
 * answers with an ARP reply or a neighbour advertisement for it; one that does not, stays silent.
 */
public final class AddressProbe {
    /** The longest probe: a neighbour solicitation. */
    public static final int MAX_FRAME_LENGTH = NdpFrame.LENGTH;

    private static final int TYPE_NEIGHBOR_SOLICITATION = 135;
    private static final int OPTION_SOURCE_LINK_LAYER_ADDRESS = 1;
    private static final MacAddress UNKNOWN = new MacAddress(0);

    private AddressProbe() {
    }

    /**
     * An ARP request for {@code address} from {@code senderIp} (the interface's own address, so that
     * the answer comes back to it), to {@code station}.
     */
    public static int arp(MacAddress interfaceMac, Inet4Address senderIp, MacAddress station, Inet4Address address,
                          ByteBuffer out) {
        return ArpFrame.write(station, interfaceMac, senderIp, UNKNOWN, address, out);
    }

    /** A neighbour solicitation for {@code address} from {@code source} (the interface's link-local address), to {@code station}. */
    public static int neighbourSolicitation(MacAddress interfaceMac, Inet6Address source, MacAddress station,
                                            Inet6Address address, ByteBuffer out) {
        byte[] target = address.getAddress();
        return NdpFrame.write(station, interfaceMac, source.getAddress(), target, TYPE_NEIGHBOR_SOLICITATION, 0, target,
                OPTION_SOURCE_LINK_LAYER_ADDRESS, out);
    }
}
