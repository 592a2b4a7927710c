package io.keepwatch.vrrp.codec;

import io.keepwatch.vrrp.VrrpVersion;
import io.keepwatch.vrrp.AddressFamily;
/** Field offsets and constants of the VRRP and IPv4 headers, shared by encoder and decoder. */
final class VrrpWire {
    private VrrpWire() {
    }

    /** IP protocol number of VRRP (RFC 5798 5.1.1.4). */
    static final int PROTOCOL_VRRP = 112;
    /** IP protocol number of IPsec AH, used by keepalived's {@code auth_type AH}. */
    static final int PROTOCOL_AH = 51;
    /** TTL / hop limit every VRRP packet is sent with and checked for (RFC 5798 5.1.1.3, 7.1). */
    static final int TTL = 255;
    /** Type ADVERTISEMENT (RFC 5798 5.2.2). */
    static final int TYPE_ADVERTISEMENT = 1;

    /** Fixed VRRP header: version/type, VRID, priority, count, 2 octets of version-specific fields, checksum. */
    static final int HEADER_LENGTH = 8;
    static final int OFF_VERSION_TYPE = 0;
    static final int OFF_VRID = 1;
    static final int OFF_PRIORITY = 2;
    static final int OFF_COUNT = 3;
    static final int OFF_V2_AUTH_TYPE = 4;
    static final int OFF_V2_ADVER_INT = 5;
    static final int OFF_V3_MAX_ADVER_INT = 4;
    static final int OFF_CHECKSUM = 6;
    /** VRRPv3's Max Advert Int is the low 12 bits; the top 4 are rsvd (RFC 5798 5.2.7). */
    static final int V3_INTERVAL_MASK = 0x0FFF;

    /** IPv4 header without options. */
    static final int IPV4_HEADER_LENGTH = 20;
    /** Internetwork control precedence, as keepalived sets both IPv4 TOS and IPv6 traffic class. */
    static final int IPV4_TOS = 0xC0;

    /** Ethernet minimum frame without FCS (ETH_ZLEN) and header (ETH_HLEN); their difference is the padded minimum. */
    static final int ETH_MIN_PAYLOAD = 60 - 14;
    static final int VLAN_TAG_SIZE = 4;

    /** Length of the VRRP message a header with these fields announces. */
    static int vrrpLength(int versionNibble, AddressFamily family, int count) {
        int len = HEADER_LENGTH + count * family.addressLength();
        // keepalived sizes by the received version: only VRRPv2 over IPv4 has the auth field.
        if (versionNibble == VrrpVersion.V2.number() && family == AddressFamily.IPV4) {
            len += Authentication.DATA_LENGTH;
        }
        return len;
    }

    /**
     * Whether {@code received} exceeds {@code expected} only by Ethernet padding: a short frame is
     * padded to 60 octets, less any VLAN tags the kernel removed, so the excess is known only
     * modulo the tag size. This is keepalived's allowance (vrrp_check_packet).
     */
    static boolean isEthernetPadding(int expected, int received) {
        return expected < ETH_MIN_PAYLOAD && expected < received
                && (received - expected) % VLAN_TAG_SIZE
                        == (VLAN_TAG_SIZE - ETH_MIN_PAYLOAD % VLAN_TAG_SIZE) % VLAN_TAG_SIZE;
    }
}
