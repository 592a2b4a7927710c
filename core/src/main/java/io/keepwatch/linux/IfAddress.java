package io.keepwatch.linux;

import java.net.Inet6Address;
import java.net.InetAddress;

/**
 * An address configured on an interface, as rtnetlink reports it (RTM_NEWADDR).
 *
 * @param ifIndex      the interface index
 * @param address      the local address (IFA_LOCAL, else IFA_ADDRESS); link-local IPv6 ones carry
 *                     the interface as scope id
 * @param prefixLength the prefix length
 * @param scope        RT_SCOPE_* (0 universe, 253 link, 254 host)
 * @param flags        IFA_F_* flags (IFA_FLAGS when present, else ifa_flags)
 * @param label        IFA_LABEL (IPv4 only), or null
 * @param broadcast    IFA_BROADCAST, or null
 */
public record IfAddress(int ifIndex, InetAddress address, int prefixLength, int scope, int flags, String label,
                        InetAddress broadcast) {

    /** AF_INET or AF_INET6. */
    public int family() {
        return address instanceof Inet6Address ? Constants.AF_INET6 : Constants.AF_INET;
    }

    /** IPv6 duplicate address detection still running (IFA_F_TENTATIVE): not yet usable as a source. */
    public boolean isTentative() {
        return (flags & Constants.IFA_F_TENTATIVE) != 0;
    }

    /** Added without duplicate address detection (IFA_F_NODAD). */
    public boolean isNoDad() {
        return (flags & Constants.IFA_F_NODAD) != 0;
    }

    /** A secondary address of its subnet (IFA_F_SECONDARY). */
    public boolean isSecondary() {
        return (flags & Constants.IFA_F_SECONDARY) != 0;
    }

    /** Same address bytes and interface, whatever the scope id (InetAddress.equals ignores it). */
    public boolean matches(int index, InetAddress other) {
        return ifIndex == index && address.equals(other);
    }

    @Override
    public String toString() {
        return address.getHostAddress().replaceFirst("%.*$", "") + "/" + prefixLength + " on ifindex " + ifIndex
                + (label == null ? "" : " label " + label) + " scope " + scope + " flags 0x" + Integer.toHexString(flags);
    }
}
