package io.keepwatch.vrrp.codec;

/**
 * Why a received packet was not accepted: one value per cause, so each can be counted as a metric.
 * Listed in the order {@link VrrpDecoder} checks them, which is keepalived's order
 * ({@code vrrp_check_packet} in keepalived/vrrp/vrrp.c), so a packet with several faults is counted
 * under the same cause by both daemons.
 */
public enum RejectReason {
    /** The source, destination or instance are of different IP families. */
    ADDRESS_FAMILY,
    /** IPv4 header unusable: version not 4, or header length under 20 octets. */
    IP_HEADER,
    /** IPv4 protocol is neither VRRP (112) nor AH (51). */
    IP_PROTOCOL,
    /** Shorter than the VRRP header, or not exactly the length the header announces (RFC 5798 7.1). */
    LENGTH,
    /** VRID 0, which no virtual router has (RFC 5798 5.2.3). */
    VRID,
    /**
     * TTL / hop limit is not 255 on an instance that receives multicast (RFC 5798 7.1), or, with
     * {@code check_unicast_src}, outside a unicast peer's {@code min_ttl}..{@code max_ttl}.
     */
    TTL,
    /** Version field differs from the instance's version. */
    VERSION,
    /** {@code auth_hmac} in {@code mode enforce}: the advert carries no trailer. */
    AUTH_HMAC_MISSING,
    /** {@code auth_hmac}: the trailer's type is unknown or its reserved octets are not zero. */
    AUTH_HMAC_MALFORMED,
    /** {@code auth_hmac}: the trailer names a key id the instance does not have. */
    AUTH_HMAC_UNKNOWN_KEY,
    /** {@code auth_hmac}: the trailer's HMAC is wrong (another key, a forgery, an altered advert). */
    AUTH_HMAC_BAD_HMAC,
    /** {@code auth_hmac} with {@code anti_replay time}: the trailer's timestamp is outside {@code time_window}. */
    AUTH_HMAC_STALE,
    /** {@code auth_hmac}: the trailer's sequence is not after the last one accepted from that sender. */
    AUTH_HMAC_REPLAY,
    /** VRRPv2 Auth Type is none of 0, 1, 2. */
    AUTH_TYPE_UNKNOWN,
    /** VRRPv2 Auth Type differs from the instance's; also an IPsec AH packet, which is not supported. */
    AUTH_TYPE_MISMATCH,
    /** VRRPv2 simple text password differs. */
    AUTH_FAILURE,
    /** VRRPv2 Adver Int differs from the instance's (RFC 3768 7.1); keepalived drops these. */
    ADVERT_INTERVAL_MISMATCH,
    /** Type field is not 1 (ADVERTISEMENT). */
    TYPE,
    /** IPv4 Total Length differs from the received length (beyond Ethernet padding). */
    IP_TOTAL_LENGTH,
    /** VRRP checksum is wrong (RFC 3768 5.3.8, RFC 5798 5.2.8). */
    CHECKSUM,
    /** Multicast received by a unicast instance, or unicast received by a multicast one. */
    CAST_MISMATCH,
    /** With {@code check_unicast_src}: a unicast advert from an address that is not a {@code unicast_peer}. */
    UNICAST_SOURCE
}
