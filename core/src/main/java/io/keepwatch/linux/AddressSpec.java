package io.keepwatch.linux;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.Objects;

/**
 * An address to add to or delete from an interface: keepalived's {@code virtual_ipaddress} entry
 * ({@code 10.0.0.9/24 brd 10.0.0.255 scope global label eth0:vip}).
 *
 * @param address      the address
 * @param prefixLength 0..32 for IPv4, 0..128 for IPv6
 * @param broadcast    IPv4 broadcast, or null for none
 * @param scope        RT_SCOPE_* value; 0 (global) by default
 * @param label        IPv4 label (at most 15 characters), or null
 * @param noDad        add with IFA_F_NODAD; keepalived does this for IPv6 VIPs so that they are
 *                     usable at once and a peer's briefly held copy does not make DAD fail
 * @param flags        further IFA_F_* flags to add with (home, mngtmpaddr, noprefixroute, autojoin)
 * @param preferredLifetime the preferred lifetime in seconds (IFA_CACHEINFO, valid forever), or
 *                     {@link #FOREVER} to send none
 * @param peer         the other end of a point-to-point address (IFA_ADDRESS, the address being
 *                     IFA_LOCAL), or null for none
 */
public record AddressSpec(InetAddress address, int prefixLength, InetAddress broadcast, int scope, String label,
                          boolean noDad, int flags, long preferredLifetime, InetAddress peer) {
    public static final long FOREVER = 0xFFFFFFFFL;
    public static final int IFA_F_HOMEADDRESS = 0x10;
    public static final int IFA_F_MANAGETEMPADDR = 0x100;
    public static final int IFA_F_NOPREFIXROUTE = 0x200;
    public static final int IFA_F_MCAUTOJOIN = 0x400;

    public AddressSpec {
        Objects.requireNonNull(address, "address");
        int max = address instanceof Inet4Address ? 32 : 128;
        if (prefixLength < 0 || prefixLength > max) {
            throw new IllegalArgumentException("prefix length " + prefixLength + " out of 0.." + max + " for "
                    + address.getHostAddress());
        }
        if (broadcast != null && !(broadcast instanceof Inet4Address && address instanceof Inet4Address)) {
            throw new IllegalArgumentException("broadcast " + broadcast.getHostAddress() + " only applies to IPv4 addresses");
        }
        if (scope < 0 || scope > 255) {
            throw new IllegalArgumentException("scope " + scope + " out of 0..255");
        }
        if (label != null && (label.isEmpty() || label.length() > 15)) {
            throw new IllegalArgumentException("label '" + label + "' must be 1..15 characters");
        }
        if (peer != null && (peer instanceof Inet4Address) != (address instanceof Inet4Address)) {
            throw new IllegalArgumentException("peer " + peer.getHostAddress() + " is not of the family of "
                    + address.getHostAddress());
        }
    }

    /** {@code address/prefixLength}, scope global, no broadcast or label; IPv6 gets IFA_F_NODAD. */
    public static AddressSpec of(InetAddress address, int prefixLength) {
        return new AddressSpec(address, prefixLength, null, Constants.RT_SCOPE_UNIVERSE, null,
                address instanceof Inet6Address, 0, FOREVER, null);
    }

    public AddressSpec withBroadcast(InetAddress newBroadcast) {
        return new AddressSpec(address, prefixLength, newBroadcast, scope, label, noDad, flags, preferredLifetime, peer);
    }

    public AddressSpec withScope(int newScope) {
        return new AddressSpec(address, prefixLength, broadcast, newScope, label, noDad, flags, preferredLifetime, peer);
    }

    public AddressSpec withLabel(String newLabel) {
        return new AddressSpec(address, prefixLength, broadcast, scope, newLabel, noDad, flags, preferredLifetime, peer);
    }

    public AddressSpec withNoDad(boolean newNoDad) {
        return new AddressSpec(address, prefixLength, broadcast, scope, label, newNoDad, flags, preferredLifetime, peer);
    }

    public AddressSpec withFlags(int newFlags, long newPreferredLifetime) {
        return new AddressSpec(address, prefixLength, broadcast, scope, label, noDad, newFlags, newPreferredLifetime,
                peer);
    }

    /** With IFA_ADDRESS {@code newPeer}, the other end of a point-to-point address (null for none). */
    public AddressSpec withPeer(InetAddress newPeer) {
        return new AddressSpec(address, prefixLength, broadcast, scope, label, noDad, flags, preferredLifetime, newPeer);
    }

    /** AF_INET or AF_INET6. */
    public int family() {
        return address instanceof Inet6Address ? Constants.AF_INET6 : Constants.AF_INET;
    }

    @Override
    public String toString() {
        String local = address.getHostAddress().replaceFirst("%.*$", "");
        return peer == null ? local + "/" + prefixLength
                : local + " peer " + peer.getHostAddress().replaceFirst("%.*$", "") + "/" + prefixLength;
    }
}
