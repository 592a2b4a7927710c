package io.keepwatch.vrrp.codec;

import io.keepwatch.vrrp.VrrpVersion;
import io.keepwatch.vrrp.AddressFamily;
import java.net.InetAddress;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * What the receiving VRRP instance expects of an advert: the settings a received advert is checked
 * against. Built once per instance (and again when its configuration changes).
 *
 * <p>VRRPv2 checks the authentication and the advert interval (RFC 3768 7.1); VRRPv3 only flags a
 * different interval. The virtual addresses are compared to flag, not reject, a different list,
 * as keepalived does since 2.3.3.
 */
public final class Expectation {
    private final VrrpVersion version;
    private final AddressFamily family;
    private final Authentication authentication;
    private final int advertIntervalCentis;
    private final byte[] packedVirtualAddresses;
    private final byte[] sortedVirtualAddresses;
    private final boolean unicast;
    private final List<PeerTtl> peerTtls;
    private final boolean checkUnicastSource;
    private final boolean unicastCopies;
    private final PseudoHeaderDestination pseudoHeaderDestination;
    private final InetAddress checksumGroup;
    private final byte[] group;
    private final HmacSettings hmac;

    private Expectation(VrrpVersion version, AddressFamily family, Authentication authentication,
                        int advertIntervalCentis, byte[] packedVirtualAddresses, boolean unicast,
                        List<PeerTtl> peerTtls, boolean checkUnicastSource, boolean unicastCopies,
                        PseudoHeaderDestination pseudoHeaderDestination, InetAddress checksumGroup,
                        HmacSettings hmac) {
        this.version = version;
        this.family = family;
        this.authentication = authentication;
        this.advertIntervalCentis = advertIntervalCentis;
        this.packedVirtualAddresses = packedVirtualAddresses;
        this.sortedVirtualAddresses = PackedAddresses.sorted(packedVirtualAddresses, family.addressLength());
        this.unicast = unicast;
        this.peerTtls = List.copyOf(peerTtls);
        this.checkUnicastSource = checkUnicastSource;
        this.unicastCopies = unicastCopies;
        this.pseudoHeaderDestination = pseudoHeaderDestination;
        this.checksumGroup = checksumGroup;
        this.group = checksumGroup == null ? null : checksumGroup.getAddress();
        this.hmac = hmac;
    }

    /**
     * This expectation, with keepalived's {@code check_unicast_src}: a unicast advert is accepted only
     * from one of {@code peers} ({@link RejectReason#UNICAST_SOURCE} otherwise), and with a TTL / hop
     * limit in that peer's range ({@link RejectReason#TTL} otherwise). Without it, keepalived hears
     * a unicast advert from any source and checks no range.
     *
     * @param peers every unicast peer, with its range (0..255 when it has none)
     */
    public Expectation withUnicastSourceCheck(List<PeerTtl> peers) {
        return new Expectation(version, family, authentication, advertIntervalCentis, packedVirtualAddresses,
                unicast, peers, true, unicastCopies, pseudoHeaderDestination, checksumGroup, hmac);
    }

    /**
     * This VRRPv3 IPv4 expectation, with the checksum's pseudo-header holding {@code destination}
     * ({@code old_unicast_checksum}); {@code group} is VRRP's IPv4 multicast group
     * ({@code vrrp_mcast_group4}), the destination of the old checksum.
     *
     * @throws IllegalArgumentException for a VRRPv2 or IPv6 expectation, or an IPv6 group
     */
    public Expectation withPseudoHeaderDestination(PseudoHeaderDestination destination, InetAddress group) {
        Objects.requireNonNull(destination, "destination");
        if (version != VrrpVersion.V3 || family != AddressFamily.IPV4 || AddressFamily.of(group) != AddressFamily.IPV4) {
            throw new IllegalArgumentException("the old unicast checksum applies to VRRPv3 over IPv4 only");
        }
        return new Expectation(version, family, authentication, advertIntervalCentis, packedVirtualAddresses,
                unicast, peerTtls, checkUnicastSource, unicastCopies, destination, group, hmac);
    }

    /**
     * This expectation, with keepalived's {@code auth_hmac}: an advert may carry a signed trailer
     * ({@link HmacTrailer}), which must verify with one of {@code settings}' keys; in
     * {@link HmacMode#ENFORCE} it must carry one.
     */
    public Expectation withAuthHmac(HmacSettings settings) {
        Objects.requireNonNull(settings, "settings");
        return new Expectation(version, family, authentication, advertIntervalCentis, packedVirtualAddresses,
                unicast, peerTtls, checkUnicastSource, unicastCopies, pseudoHeaderDestination, checksumGroup, settings);
    }

    /** The {@code auth_hmac} settings adverts are checked with, or null without {@code auth_hmac}. */
    public HmacSettings authHmac() {
        return hmac;
    }

    /** What the VRRPv3 IPv4 checksum's pseudo-header holds as destination. */
    public PseudoHeaderDestination pseudoHeaderDestination() {
        return pseudoHeaderDestination;
    }

    /** VRRP's IPv4 group as the old checksum uses it; null unless set by {@link #withPseudoHeaderDestination}. */
    public InetAddress checksumGroup() {
        return checksumGroup;
    }

    /** {@link #checksumGroup}'s 4 octets, or null. */
    byte[] group() {
        return group;
    }

    /**
     * This multicast expectation, also accepting adverts sent by unicast to this host
     * ({@code split_brain_heal}): another master that finds this one holding its addresses sends
     * its adverts here by unicast too, so that the two elect one master (RFC 5798 6.4.3) while
     * their multicast adverts do not reach each other. Such an advert must still carry TTL / hop
     * limit 255 (RFC 5798 7.1), so it comes from the segment. keepalived rejects them (an address
     * list error, "Expected multicast packet but received unicast packet").
     */
    public Expectation withUnicastCopies() {
        if (unicast) {
            throw new IllegalStateException("a unicast instance hears unicast adverts already");
        }
        return new Expectation(version, family, authentication, advertIntervalCentis, packedVirtualAddresses,
                unicast, peerTtls, checkUnicastSource, true, pseudoHeaderDestination, checksumGroup, hmac);
    }

    /** Whether a multicast instance accepts unicast adverts too ({@link #withUnicastCopies}). */
    public boolean unicastCopies() {
        return unicastCopies;
    }

    /** Whether unicast adverts are heard only from the listed peers ({@link #withUnicastSourceCheck}). */
    public boolean checkUnicastSource() {
        return checkUnicastSource;
    }

    /** The peer {@code source} is, with its range, or null when it is not a listed peer. */
    PeerTtl peerTtl(InetAddress source) {
        for (PeerTtl range : peerTtls) {
            if (Arrays.equals(range.peer().getAddress(), source.getAddress())) {
                return range;
            }
        }
        return null;
    }

    /**
     * A VRRPv2 instance (IPv4).
     *
     * @param advertIntervalSeconds   {@code advert_int}
     * @param authentication          {@link Authentication#NONE}, {@link Authentication#pass} or
     *                                {@link Authentication#ah}
     * @param virtualAddresses        {@code virtual_ipaddress} entries that go into adverts
     * @param unicast                 the instance has {@code unicast_peer}s: TTL is then not checked
     *                                and adverts must arrive unicast
     * @throws IllegalArgumentException for bad values
     */
    public static Expectation v2(int advertIntervalSeconds, Authentication authentication,
                                 List<? extends InetAddress> virtualAddresses, boolean unicast) {
        Objects.requireNonNull(authentication, "authentication");
        if (advertIntervalSeconds < 0 || advertIntervalSeconds > VrrpAdvert.MAX_V2_INTERVAL_SECONDS) {
            throw new IllegalArgumentException("VRRPv2 advert_int must be 0..255 seconds, got " + advertIntervalSeconds);
        }
        return new Expectation(VrrpVersion.V2, AddressFamily.IPV4, authentication, advertIntervalSeconds * 100,
                VrrpAdvert.pack(AddressFamily.IPV4, virtualAddresses), unicast, List.of(), false, false,
                PseudoHeaderDestination.PACKET, null, null);
    }

    /**
     * A VRRPv3 instance.
     *
     * @param advertIntervalCentis {@code advert_int} in centiseconds
     * @see #v2
     */
    public static Expectation v3(AddressFamily family, int advertIntervalCentis,
                                 List<? extends InetAddress> virtualAddresses, boolean unicast) {
        Objects.requireNonNull(family, "family");
        if (advertIntervalCentis < 0 || advertIntervalCentis > VrrpAdvert.MAX_V3_INTERVAL_CENTIS) {
            throw new IllegalArgumentException(
                    "VRRPv3 advert_int must be 0..4095 centiseconds, got " + advertIntervalCentis);
        }
        return new Expectation(VrrpVersion.V3, family, Authentication.NONE, advertIntervalCentis,
                VrrpAdvert.pack(family, virtualAddresses), unicast, List.of(), false, false,
                PseudoHeaderDestination.PACKET, null, null);
    }

    public VrrpVersion version() {
        return version;
    }

    public AddressFamily family() {
        return family;
    }

    public Authentication authentication() {
        return authentication;
    }

    public int advertIntervalCentis() {
        return advertIntervalCentis;
    }

    public boolean unicast() {
        return unicast;
    }

    public int virtualAddressCount() {
        return packedVirtualAddresses.length / family.addressLength();
    }

    byte[] packedVirtualAddresses() {
        return packedVirtualAddresses;
    }

    byte[] sortedVirtualAddresses() {
        return sortedVirtualAddresses;
    }

    @Override
    public String toString() {
        return "Expectation[" + version + " " + family + " auth=" + authentication + " interval="
                + advertIntervalCentis + "cs vips=" + virtualAddressCount() + (unicast ? " unicast" : " multicast")
                + (checkUnicastSource ? " check_unicast_src" : "") + (unicastCopies ? " unicast_copies" : "")
                + (pseudoHeaderDestination != PseudoHeaderDestination.PACKET ? " checksum " + pseudoHeaderDestination : "")
                + (hmac != null ? " auth_hmac " + hmac.mode().keyword() : "")
                + "]";
    }
}
