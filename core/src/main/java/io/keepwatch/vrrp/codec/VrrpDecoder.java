package io.keepwatch.vrrp.codec;

import io.keepwatch.vrrp.VrrpVersion;
import io.keepwatch.vrrp.AddressFamily;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Objects;

import io.keepwatch.vrrp.codec.DecodeResult.Accepted;
import io.keepwatch.vrrp.codec.DecodeResult.Rejected;

/**
 * Decodes received VRRP packets and checks them against the receiving instance's
 * {@link Expectation}.
 *
 * <p>Never throws on any buffer content: every fault becomes a {@link Rejected} with one
 * {@link RejectReason}. Faults are checked in keepalived's order (vrrp_check_packet in
 * keepalived/vrrp/vrrp.c): length, TTL (multicast instances only), version, then for VRRPv2 auth
 * type known, auth type ours, password, advert interval; then type, IPv4 total length, checksum,
 * multicast-versus-unicast, and with {@code check_unicast_src} the unicast source and its TTL
 * range. A different address list is not a fault; it is flagged on the
 * {@link Accepted} result, as keepalived counts it since 2.3.3.
 *
 * <p>The VRID is not checked against the instance: callers find the instance by VRID first
 * ({@link #peekVrid}, {@link #peekVridIpv4Datagram}). Reads are absolute: the buffer's position and
 * limit are left as they were; the packet is the octets between them.
 */
public final class VrrpDecoder {
    private VrrpDecoder() {
    }

    /**
     * Decodes an IPv4 datagram as an IPv4 raw socket hands it over, IP header included: TTL,
     * addresses and total length come from that header.
     */
    public static DecodeResult decodeIpv4Datagram(ByteBuffer datagram, Expectation expectation) {
        Objects.requireNonNull(expectation, "expectation");
        int base = datagram.position();
        int len = datagram.remaining();
        if (expectation.family() != AddressFamily.IPV4) {
            return reject(RejectReason.ADDRESS_FAMILY, -1, "IPv4 datagram for an IPv6 instance");
        }
        if (len < VrrpWire.IPV4_HEADER_LENGTH) {
            return reject(RejectReason.LENGTH, -1, "datagram of " + len + " octets is shorter than an IPv4 header");
        }
        int versionIhl = u8(datagram, base);
        int ihl = (versionIhl & 0x0F) * 4;
        if ((versionIhl >>> 4) != 4 || ihl < VrrpWire.IPV4_HEADER_LENGTH) {
            return reject(RejectReason.IP_HEADER, -1,
                    "IP version " + (versionIhl >>> 4) + ", header length " + ihl + " octets");
        }
        int protocol = u8(datagram, base + 9);
        if (protocol != VrrpWire.PROTOCOL_VRRP && protocol != VrrpWire.PROTOCOL_AH) {
            return reject(RejectReason.IP_PROTOCOL, -1, "IP protocol " + protocol + " is neither VRRP (112) nor AH (51)");
        }
        boolean ah = protocol == VrrpWire.PROTOCOL_AH;
        if (ah != (expectation.authentication().type() == AuthType.AH)) {
            // keepalived counts either way as an auth type mismatch
            return reject(RejectReason.AUTH_TYPE_MISMATCH, -1, ah ? "received an AH header but auth_type is not AH"
                    : "no AH header but auth_type is AH");
        }
        int vrrpOffset = ihl + (ah ? IpsecAh.HEADER_LENGTH : 0);
        if (len < vrrpOffset + VrrpWire.HEADER_LENGTH) {
            return reject(RejectReason.LENGTH, -1, "datagram of " + len
                    + " octets is too short for a VRRP header after " + vrrpOffset + " octets of headers");
        }
        boolean multicast = (u8(datagram, base + 16) & 0xF0) == 0xE0;
        long pseudo = InternetChecksum.add(0, datagram, base + 12, 8);
        long groupPseudo = NO_PSEUDO_HEADER;
        byte[] group = expectation.group();
        if (group != null) {
            // keepalived's old unicast checksum: the group in place of the destination
            groupPseudo = InternetChecksum.add(InternetChecksum.add(0, datagram, base + 12, 4), group);
            switch (expectation.pseudoHeaderDestination()) {
                case GROUP -> {
                    pseudo = groupPseudo;
                    groupPseudo = NO_PSEUDO_HEADER;
                }
                // only a unicast advert to another destination than the group may hold the old one
                case PACKET_OR_GROUP -> groupPseudo = expectation.unicast() && !isAt(datagram, base + 16, group)
                        ? groupPseudo : NO_PSEUDO_HEADER;
                case PACKET -> groupPseudo = NO_PSEUDO_HEADER;
            }
        }
        return check(datagram, base, vrrpOffset, len, u16(datagram, base + 2), u8(datagram, base + 8), multicast, pseudo,
                groupPseudo, null, AddressFamily.IPV4, expectation);
    }

    /**
     * Decodes a VRRP message without IP header, as an IPv6 raw socket hands it over, with what the
     * kernel reported beside it. Also usable for IPv4 when the IP header was read elsewhere; the
     * IPv4 total-length check is then skipped.
     */
    public static DecodeResult decode(ByteBuffer vrrpPayload, ReceivedFrom from, Expectation expectation) {
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(expectation, "expectation");
        int base = vrrpPayload.position();
        int len = vrrpPayload.remaining();
        AddressFamily family = expectation.family();
        if (AddressFamily.of(from.source()) != family || AddressFamily.of(from.destination()) != family) {
            return reject(RejectReason.ADDRESS_FAMILY, -1, "received from " + from.source().getHostAddress() + " to "
                    + from.destination().getHostAddress() + " on a " + family + " instance");
        }
        if (len < VrrpWire.HEADER_LENGTH) {
            return reject(RejectReason.LENGTH, -1, "payload of " + len + " octets is shorter than a VRRP header");
        }
        long pseudo = InternetChecksum.add(0, from.source().getAddress());
        pseudo = InternetChecksum.add(pseudo, from.destination().getAddress());
        return check(vrrpPayload, base, 0, len, -1, from.hopLimit(), from.destination().isMulticastAddress(), pseudo,
                NO_PSEUDO_HEADER, from.source(), family, expectation);
    }

    /** The VRID of a VRRP message, or -1 if it is too short to have one. */
    public static int peekVrid(ByteBuffer vrrpPayload) {
        if (vrrpPayload.remaining() < VrrpWire.HEADER_LENGTH) {
            return -1;
        }
        return u8(vrrpPayload, vrrpPayload.position() + VrrpWire.OFF_VRID);
    }

    /** The VRID of a VRRP message in an IPv4 datagram (after an AH header if any), or -1 if the datagram cannot have one. */
    public static int peekVridIpv4Datagram(ByteBuffer datagram) {
        int base = datagram.position();
        int len = datagram.remaining();
        if (len < VrrpWire.IPV4_HEADER_LENGTH) {
            return -1;
        }
        int ihl = (u8(datagram, base) & 0x0F) * 4;
        if (u8(datagram, base + 9) == VrrpWire.PROTOCOL_AH) {
            ihl += IpsecAh.HEADER_LENGTH;
        }
        if (ihl < VrrpWire.IPV4_HEADER_LENGTH || len < ihl + VrrpWire.HEADER_LENGTH) {
            return -1;
        }
        return u8(datagram, base + ihl + VrrpWire.OFF_VRID);
    }

    /**
     * The checks shared by both entry points.
     *
     * @param vrrpOffset     octets before the VRRP message (IPv4 header and AH header lengths, or 0)
     * @param received       octets received, IP header included when there is one
     * @param ipTotalLength  the IPv4 Total Length field, or -1 when there is no IP header
     * @param groupPseudoAddresses the pseudo-header's addresses with the multicast group as destination,
     *                       to try when the checksum fails with {@code pseudoAddresses}; or
     *                       {@link #NO_PSEUDO_HEADER}
     * @param sourceOrNull   the sender, or null to read it from the IPv4 header
     */
    private static DecodeResult check(ByteBuffer buf, int base, int vrrpOffset, int received, int ipTotalLength,
                                      int hopLimit, boolean multicast, long pseudoAddresses, long groupPseudoAddresses,
                                      InetAddress sourceOrNull, AddressFamily family, Expectation expectation) {
        int h = base + vrrpOffset;
        int versionType = u8(buf, h + VrrpWire.OFF_VERSION_TYPE);
        int versionNibble = versionType >>> 4;
        int vrid = u8(buf, h + VrrpWire.OFF_VRID);
        int count = u8(buf, h + VrrpWire.OFF_COUNT);
        if (vrid == 0) {
            // No instance has VRID 0 (RFC 5798 5.2.3); keepalived finds none and ignores the packet.
            return reject(RejectReason.VRID, vrid, "VRID 0");
        }

        // RFC 5798 7.1: MUST verify the packet holds the complete message with all addresses.
        int vrrpLen = VrrpWire.vrrpLength(versionNibble, family, count);
        int messageEnd = vrrpOffset + vrrpLen;
        int expected = messageEnd;
        // auth_hmac: a trailer makes the packet exactly its length longer, which padding never does
        HmacSettings hmac = expectation.authHmac();
        boolean trailer = hmac != null && received == expected + HmacTrailer.LENGTH;
        if (trailer) {
            expected += HmacTrailer.LENGTH;
        }
        if (received != expected && !VrrpWire.isEthernetPadding(expected, received)) {
            return reject(RejectReason.LENGTH, vrid, "packet too " + (received > expected ? "long" : "short")
                    + ": " + received + " octets, header announces " + expected);
        }

        // RFC 5798 7.1: MUST verify TTL/hop limit 255; keepalived skips it for unicast instances,
        // whose peers may be routed.
        if (!expectation.unicast() && hopLimit != ReceivedFrom.UNKNOWN_HOP_LIMIT && hopLimit != VrrpWire.TTL) {
            return reject(RejectReason.TTL, vrid, "TTL/hop limit " + hopLimit + ", expected 255");
        }

        if (versionNibble != expectation.version().number()) {
            return reject(RejectReason.VERSION, vrid,
                    "version " + versionNibble + ", expected " + expectation.version().number());
        }

        // keepalived authenticates the advert before looking at any other field
        DecodeResult.SignedBy signedBy = null;
        InetAddress source = sourceOrNull != null ? sourceOrNull : ipv4Source(buf, base);
        if (hmac != null) {
            if (trailer) {
                int t = h + vrrpLen;
                switch (HmacTrailer.verify(buf, h, vrrpLen, source.getAddress(), hmac)) {
                    case OK -> signedBy = new DecodeResult.SignedBy(HmacTrailer.keyId(buf, t),
                            HmacTrailer.sequence(buf, t));
                    case MALFORMED -> {
                        return reject(RejectReason.AUTH_HMAC_MALFORMED, vrid, "malformed authentication trailer from "
                                + source.getHostAddress());
                    }
                    case UNKNOWN_KEY -> {
                        return reject(RejectReason.AUTH_HMAC_UNKNOWN_KEY, vrid, "unknown authentication key id "
                                + HmacTrailer.keyId(buf, t) + " from " + source.getHostAddress());
                    }
                    case BAD_HMAC -> {
                        return reject(RejectReason.AUTH_HMAC_BAD_HMAC, vrid, "invalid authentication HMAC from "
                                + source.getHostAddress());
                    }
                }
            } else if (hmac.mode() == HmacMode.ENFORCE) {
                return reject(RejectReason.AUTH_HMAC_MISSING, vrid, "missing authentication trailer from "
                        + source.getHostAddress());
            }
        }

        Authentication authentication = Authentication.NONE;
        long ahSequence = DecodeResult.Accepted.NO_AH_SEQUENCE;
        int intervalCentis;
        boolean intervalMismatch = false;
        if (versionNibble == VrrpVersion.V2.number()) {
            int authCode = u8(buf, h + VrrpWire.OFF_V2_AUTH_TYPE);
            AuthType authType = AuthType.fromCode(authCode);
            if (authType == null) {
                return reject(RejectReason.AUTH_TYPE_UNKNOWN, vrid, "auth type " + authCode);
            }
            Authentication ours = expectation.authentication();
            if (authType != ours.type()) {
                return reject(RejectReason.AUTH_TYPE_MISMATCH, vrid,
                        "auth type " + authType + ", expected " + ours.type());
            }
            byte[] authData = new byte[Authentication.DATA_LENGTH];
            buf.get(base + messageEnd - Authentication.DATA_LENGTH, authData);
            if (authType == AuthType.PASS && !ours.dataMatches(authData)) {
                return reject(RejectReason.AUTH_FAILURE, vrid, "wrong password");
            }
            if (authType == AuthType.AH) {
                int ihl = vrrpOffset - IpsecAh.HEADER_LENGTH;
                if (u8(buf, base + ihl + IpsecAh.OFF_NEXT_HEADER) != VrrpWire.PROTOCOL_VRRP) {
                    return reject(RejectReason.IP_PROTOCOL, vrid, "AH header for IP protocol "
                            + u8(buf, base + ihl + IpsecAh.OFF_NEXT_HEADER) + ", not VRRP");
                }
                if (!IpsecAh.verify(buf, base, ihl, received, ours.key(), expectation.unicast())) {
                    return reject(RejectReason.AUTH_FAILURE, vrid, "IPsec AH: wrong HMAC-MD5 (another auth_pass?)");
                }
                if (!IpsecAh.spiIsSource(buf, base, ihl)) {
                    return reject(RejectReason.AUTH_FAILURE, vrid, "IPsec AH: SPI is not the source address");
                }
                ahSequence = IpsecAh.sequence(buf, base, ihl);
            }
            // RFC 3768 5.3.6: only PASS carries data; the field is ignored on reception otherwise
            authentication = authType == AuthType.PASS ? Authentication.of(authType, authData)
                    : Authentication.of(authType, new byte[Authentication.DATA_LENGTH]);
            // RFC 3768 7.1: MUST verify the interval; keepalived drops on mismatch to avoid two masters.
            int seconds = u8(buf, h + VrrpWire.OFF_V2_ADVER_INT);
            intervalCentis = seconds * 100;
            if (intervalCentis != expectation.advertIntervalCentis()) {
                return reject(RejectReason.ADVERT_INTERVAL_MISMATCH, vrid, "advert_int " + seconds
                        + " s, ours " + expectation.advertIntervalCentis() / 100 + " s");
            }
        } else {
            intervalCentis = u16(buf, h + VrrpWire.OFF_V3_MAX_ADVER_INT) & VrrpWire.V3_INTERVAL_MASK;
            intervalMismatch = intervalCentis != expectation.advertIntervalCentis();
        }

        int type = versionType & 0x0F;
        if (type != VrrpWire.TYPE_ADVERTISEMENT) {
            return reject(RejectReason.TYPE, vrid, "type " + type + ", expected 1 (ADVERTISEMENT)");
        }

        if (ipTotalLength >= 0 && ipTotalLength != received
                && !(received <= VrrpWire.ETH_MIN_PAYLOAD && VrrpWire.isEthernetPadding(ipTotalLength, received))) {
            return reject(RejectReason.IP_TOTAL_LENGTH, vrid,
                    "IP total length " + ipTotalLength + ", received " + received + " octets");
        }

        boolean v3 = versionNibble == VrrpVersion.V3.number();
        boolean groupChecksum = false;
        // RFC 5798 5.2.8: pseudo-header with the packet's own source and destination.
        // The IPv6 checksum is the kernel's, over the whole payload: a trailer too.
        int checksummed = trailer && family == AddressFamily.IPV6 ? vrrpLen + HmacTrailer.LENGTH : vrrpLen;
        if (!checksumHolds(buf, h, checksummed, v3, pseudoAddresses)) {
            groupChecksum = v3 && groupPseudoAddresses != NO_PSEUDO_HEADER
                    && checksumHolds(buf, h, vrrpLen, true, groupPseudoAddresses);
            if (!groupChecksum) {
                return reject(RejectReason.CHECKSUM, vrid, "bad VRRPv" + versionNibble + " checksum 0x"
                        + Integer.toHexString(u16(buf, h + VrrpWire.OFF_CHECKSUM)));
            }
        }

        // a unicast advert on a multicast instance is heard with split_brain_heal (Expectation.withUnicastCopies)
        if (multicast == expectation.unicast() && (multicast || !expectation.unicastCopies())) {
            return reject(RejectReason.CAST_MISMATCH, vrid, expectation.unicast()
                    ? "multicast advert on a unicast instance" : "unicast advert on a multicast instance");
        }

        // keepalived checks the source of a unicast advert only with check_unicast_src (which a
        // peer's min_ttl / max_ttl turns on), last, and then the peer's TTL range.
        if (expectation.unicast() && expectation.checkUnicastSource()) {
            PeerTtl peer = expectation.peerTtl(source);
            if (peer == null) {
                return reject(RejectReason.UNICAST_SOURCE, vrid, "unicast source address " + source.getHostAddress()
                        + " is not a unicast peer");
            }
            if (hopLimit != ReceivedFrom.UNKNOWN_HOP_LIMIT && !peer.accepts(hopLimit)) {
                return reject(RejectReason.TTL, vrid, "TTL/hop limit " + hopLimit + " from "
                        + source.getHostAddress() + " not in range " + peer.min() + "-" + peer.max());
            }
        }

        byte[] addresses = new byte[count * family.addressLength()];
        buf.get(h + VrrpWire.HEADER_LENGTH, addresses);
        VrrpAdvert advert = new VrrpAdvert(versionNibble == 2 ? VrrpVersion.V2 : VrrpVersion.V3, family, vrid,
                u8(buf, h + VrrpWire.OFF_PRIORITY), intervalCentis, authentication, addresses);
        return new Accepted(advert, source, !sameAddresses(expectation, addresses, family.addressLength()),
                intervalMismatch, ahSequence, groupChecksum, signedBy);
    }

    /** No pseudo-header to try (an accumulator is never negative). */
    private static final long NO_PSEUDO_HEADER = -1;

    /** The VRRP checksum over the message, after the pseudo-header built on {@code pseudoAddresses} for VRRPv3. */
    private static boolean checksumHolds(ByteBuffer buf, int h, int vrrpLen, boolean v3, long pseudoAddresses) {
        long acc = v3 ? InternetChecksum.addPseudoHeaderTail(pseudoAddresses, VrrpWire.PROTOCOL_VRRP, vrrpLen) : 0;
        return InternetChecksum.finish(InternetChecksum.add(acc, buf, h, vrrpLen)) == 0;
    }

    /**
     * keepalived's comparison: equal counts, and each of ours present in theirs. Since an
     * instance's addresses are distinct, that holds exactly when both lists, sorted, are equal.
     * Same order is the usual case and costs one array comparison; otherwise sorting keeps a
     * 255-address advert at n log n rather than n squared.
     */
    private static boolean sameAddresses(Expectation expectation, byte[] theirs, int addressLength) {
        byte[] ours = expectation.packedVirtualAddresses();
        if (ours.length != theirs.length) {
            return false;
        }
        if (Arrays.equals(ours, theirs)) {
            return true;
        }
        return Arrays.equals(expectation.sortedVirtualAddresses(), PackedAddresses.sorted(theirs, addressLength));
    }

    private static boolean isAt(ByteBuffer buf, int at, byte[] octets) {
        for (int i = 0; i < octets.length; i++) {
            if (buf.get(at + i) != octets[i]) {
                return false;
            }
        }
        return true;
    }

    private static InetAddress ipv4Source(ByteBuffer buf, int base) {
        byte[] octets = new byte[4];
        buf.get(base + 12, octets);
        try {
            return InetAddress.getByAddress(octets);
        } catch (UnknownHostException e) {
            throw new AssertionError("4 octets are always an IPv4 address", e);
        }
    }

    private static Rejected reject(RejectReason reason, int vrid, String detail) {
        return new Rejected(reason, vrid, detail);
    }

    private static int u8(ByteBuffer buf, int at) {
        return buf.get(at) & 0xFF;
    }

    private static int u16(ByteBuffer buf, int at) {
        return (u8(buf, at) << 8) | u8(buf, at + 1);
    }
}
