package io.keepwatch.vrrp.codec;

import io.keepwatch.vrrp.VrrpVersion;
import io.keepwatch.vrrp.AddressFamily;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * The fields of one VRRP advertisement (RFC 3768 5.3, RFC 5798 5.2). Immutable.
 *
 * <p>The addresses are kept packed in wire order so that encoding copies octets and allocates
 * nothing. The advert interval is held in centiseconds for both versions; VRRPv2 carries whole
 * seconds, so a VRRPv2 advert's interval is always a multiple of 100.
 */
public final class VrrpAdvert {
    /** The Count IPvX Addr field is one octet (RFC 5798 5.2.5). */
    public static final int MAX_ADDRESSES = 255;
    /** The VRRPv3 Max Advert Int field is 12 bits (RFC 5798 5.2.7). */
    public static final int MAX_V3_INTERVAL_CENTIS = 0x0FFF;
    /** The VRRPv2 Adver Int field is one octet of seconds (RFC 3768 5.3.7). */
    public static final int MAX_V2_INTERVAL_SECONDS = 0xFF;

    private final VrrpVersion version;
    private final AddressFamily family;
    private final int vrid;
    private final int priority;
    private final int advertIntervalCentis;
    private final Authentication authentication;
    private final byte[] packedAddresses;

    VrrpAdvert(VrrpVersion version, AddressFamily family, int vrid, int priority, int advertIntervalCentis,
               Authentication authentication, byte[] packedAddresses) {
        this.version = Objects.requireNonNull(version, "version");
        this.family = Objects.requireNonNull(family, "family");
        this.authentication = Objects.requireNonNull(authentication, "authentication");
        if (vrid < 1 || vrid > 255) {
            throw new IllegalArgumentException("virtual_router_id must be 1..255, got " + vrid);
        }
        if (priority < 0 || priority > 255) {
            throw new IllegalArgumentException("priority must be 0..255, got " + priority);
        }
        if (version == VrrpVersion.V2) {
            if (family != AddressFamily.IPV4) {
                throw new IllegalArgumentException("VRRPv2 carries IPv4 addresses only (RFC 3768); use VRRPv3 for IPv6");
            }
            if (advertIntervalCentis % 100 != 0 || advertIntervalCentis < 0
                    || advertIntervalCentis / 100 > MAX_V2_INTERVAL_SECONDS) {
                throw new IllegalArgumentException(
                        "VRRPv2 advert_int must be whole seconds 0..255, got " + advertIntervalCentis + " cs");
            }
        } else {
            if (advertIntervalCentis < 0 || advertIntervalCentis > MAX_V3_INTERVAL_CENTIS) {
                throw new IllegalArgumentException(
                        "VRRPv3 advert_int must be 0..4095 centiseconds, got " + advertIntervalCentis);
            }
            if (authentication.type() != AuthType.NONE) {
                throw new IllegalArgumentException("VRRPv3 has no authentication (RFC 5798 5.2)");
            }
        }
        if (packedAddresses.length % family.addressLength() != 0) {
            throw new IllegalArgumentException("packed addresses are not whole " + family + " addresses");
        }
        if (packedAddresses.length / family.addressLength() > MAX_ADDRESSES) {
            throw new IllegalArgumentException("an advert carries at most " + MAX_ADDRESSES + " addresses, got "
                    + packedAddresses.length / family.addressLength());
        }
        this.vrid = vrid;
        this.priority = priority;
        this.advertIntervalCentis = advertIntervalCentis;
        this.packedAddresses = packedAddresses;
    }

    /**
     * A VRRPv2 advert (IPv4 only).
     *
     * @param advertIntervalSeconds keepalived's {@code advert_int}, whole seconds
     * @throws IllegalArgumentException for any field out of its range or a non-IPv4 address
     */
    public static VrrpAdvert v2(int vrid, int priority, int advertIntervalSeconds, Authentication authentication,
                                List<? extends InetAddress> addresses) {
        if (advertIntervalSeconds < 0 || advertIntervalSeconds > MAX_V2_INTERVAL_SECONDS) {
            throw new IllegalArgumentException("VRRPv2 advert_int must be 0..255 seconds, got " + advertIntervalSeconds);
        }
        return new VrrpAdvert(VrrpVersion.V2, AddressFamily.IPV4, vrid, priority, advertIntervalSeconds * 100,
                authentication, pack(AddressFamily.IPV4, addresses));
    }

    /**
     * A VRRPv3 advert.
     *
     * @param advertIntervalCentis Max Advert Int in centiseconds, 0..4095
     * @throws IllegalArgumentException for any field out of its range or an address of another family
     */
    public static VrrpAdvert v3(AddressFamily family, int vrid, int priority, int advertIntervalCentis,
                                List<? extends InetAddress> addresses) {
        return new VrrpAdvert(VrrpVersion.V3, family, vrid, priority, advertIntervalCentis, Authentication.NONE,
                pack(family, addresses));
    }

    /** The same advert with another priority; shares the packed addresses, so it is cheap. */
    public VrrpAdvert withPriority(int newPriority) {
        if (newPriority == priority) {
            return this;
        }
        return new VrrpAdvert(version, family, vrid, newPriority, advertIntervalCentis, authentication, packedAddresses);
    }

    static byte[] pack(AddressFamily family, List<? extends InetAddress> addresses) {
        Objects.requireNonNull(addresses, "addresses");
        if (addresses.size() > MAX_ADDRESSES) {
            throw new IllegalArgumentException("an advert carries at most " + MAX_ADDRESSES + " addresses, got "
                    + addresses.size());
        }
        int len = family.addressLength();
        byte[] packed = new byte[addresses.size() * len];
        for (int i = 0; i < addresses.size(); i++) {
            InetAddress a = Objects.requireNonNull(addresses.get(i), "address");
            if (AddressFamily.of(a) != family) {
                throw new IllegalArgumentException("address " + a.getHostAddress() + " is not " + family);
            }
            System.arraycopy(a.getAddress(), 0, packed, i * len, len);
        }
        return packed;
    }

    public VrrpVersion version() {
        return version;
    }

    public AddressFamily family() {
        return family;
    }

    /** Virtual Router Identifier, 1..255. */
    public int vrid() {
        return vrid;
    }

    /** Priority, 0..255 (0: the master is leaving, 255: address owner). */
    public int priority() {
        return priority;
    }

    /** Advert interval in centiseconds (VRRPv2: seconds times 100). */
    public int advertIntervalCentis() {
        return advertIntervalCentis;
    }

    /** VRRPv2 authentication; {@link Authentication#NONE} for VRRPv3. */
    public Authentication authentication() {
        return authentication;
    }

    /** Number of addresses carried. */
    public int addressCount() {
        return packedAddresses.length / family.addressLength();
    }

    /** The addresses, in advert order (a new list on each call). */
    public List<InetAddress> addresses() {
        int len = family.addressLength();
        List<InetAddress> out = new ArrayList<>(addressCount());
        for (int i = 0; i < addressCount(); i++) {
            byte[] octets = Arrays.copyOfRange(packedAddresses, i * len, (i + 1) * len);
            try {
                // Inet6Address.getByAddress keeps an IPv4-mapped IPv6 address IPv6; InetAddress's would
                // turn it into an Inet4Address of the wrong family.
                out.add(family == AddressFamily.IPV4 ? InetAddress.getByAddress(octets)
                        : Inet6Address.getByAddress(null, octets, -1));
            } catch (UnknownHostException e) {
                throw new AssertionError("4 or 16 octets are always a valid address", e);
            }
        }
        return Collections.unmodifiableList(out);
    }

    /** Packed address octets, not copied: callers in this package never modify them. */
    byte[] packedAddresses() {
        return packedAddresses;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof VrrpAdvert a && version == a.version && family == a.family && vrid == a.vrid
                && priority == a.priority && advertIntervalCentis == a.advertIntervalCentis
                && authentication.equals(a.authentication) && Arrays.equals(packedAddresses, a.packedAddresses);
    }

    @Override
    public int hashCode() {
        return Objects.hash(version, family, vrid, priority, advertIntervalCentis, authentication)
                * 31 + Arrays.hashCode(packedAddresses);
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("VrrpAdvert[").append(version).append(' ').append(family)
                .append(" vrid=").append(vrid).append(" priority=").append(priority)
                .append(" interval=").append(advertIntervalCentis).append("cs");
        if (version == VrrpVersion.V2) {
            sb.append(" auth=").append(authentication);
        }
        sb.append(" addresses=[");
        List<InetAddress> list = addresses();
        for (int i = 0; i < list.size(); i++) {
            sb.append(i == 0 ? "" : ",").append(list.get(i).getHostAddress());
        }
        return sb.append("]]").toString();
    }
}
