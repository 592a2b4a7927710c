package io.keepwatch.vrrp.codec;

import io.keepwatch.vrrp.VrrpVersion;
import io.keepwatch.vrrp.AddressFamily;
/**
 * How many virtual addresses fit in one advert.
 *
 * <p>Two limits apply: the Count field is one octet (255), and the advert must fit the interface
 * MTU. keepalived computes the second as {@code (mtu - ethernet header - IP header - VRRP header
 * [- VRRPv2 auth field]) / address length}; subtracting the Ethernet header is stricter than
 * needed, but using the same formula means keepwatch accepts exactly the configurations
 * keepalived accepts, and moves the same excess addresses out of the advert. With the default
 * MTU of 1500 that gives 255 for IPv4 (VRRPv2 and VRRPv3) and 89 for IPv6.
 */
public final class VrrpLimits {
    /** keepalived's MTU when the interface's is unknown. */
    public static final int DEFAULT_MTU = 1500;

    private static final int ETHERNET_HEADER = 14;
    private static final int IPV6_HEADER = 40;

    private VrrpLimits() {
    }

    /**
     * The most addresses an advert of this version and family may carry on an interface with
     * {@code mtu}; 0 if not even the headers fit.
     */
    public static int maxAddresses(VrrpVersion version, AddressFamily family, int mtu) {
        int headers = ETHERNET_HEADER + VrrpWire.HEADER_LENGTH
                + (family == AddressFamily.IPV4 ? VrrpWire.IPV4_HEADER_LENGTH : IPV6_HEADER);
        if (version == VrrpVersion.V2 && family == AddressFamily.IPV4) {
            headers += Authentication.DATA_LENGTH;
        }
        int room = mtu - headers;
        if (room <= 0) {
            return 0;
        }
        return Math.min(VrrpAdvert.MAX_ADDRESSES, room / family.addressLength());
    }
}
