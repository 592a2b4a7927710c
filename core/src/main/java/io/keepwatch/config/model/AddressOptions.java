package io.keepwatch.config.model;

import java.net.InetAddress;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The address flags and lifetime of a {@code virtual_ipaddress} or {@code static_ipaddress} line, in
 * ip-address's words as keepalived reads them.
 *
 * @param home          {@code home}: IFA_F_HOMEADDRESS (IPv6 mobility home address)
 * @param dad           {@code -nodad}: an IPv6 address goes through duplicate address detection;
 *                      keepalived otherwise adds IPv6 addresses with IFA_F_NODAD
 * @param mngtmpaddr    {@code mngtmpaddr}: IFA_F_MANAGETEMPADDR (privacy addresses made from it)
 * @param noprefixroute {@code noprefixroute}: IFA_F_NOPREFIXROUTE, no route for the address's prefix
 * @param autojoin      {@code autojoin}: IFA_F_MCAUTOJOIN, join the multicast group of a multicast address
 * @param preferredLft  {@code preferred_lft N|forever} in seconds ({@link #FOREVER} for forever); IPv6
 *                      only. Unwritten, keepalived deprecates an IPv6 /128 (preferred lifetime 0) so
 *                      that it is not picked as a source address, and leaves other prefixes at forever
 * @param peer          {@code peer ADDRESS[/len]}: the other end of a point-to-point address (IFA_ADDRESS,
 *                      the address itself being IFA_LOCAL, as ip-address adds it); the line's prefix
 *                      length is then the peer's
 */
public record AddressOptions(boolean home, boolean dad, boolean mngtmpaddr, boolean noprefixroute, boolean autojoin,
                             OptionalLong preferredLft, Optional<InetAddress> peer) {
    public static final long FOREVER = 0xFFFFFFFFL;
    public static final AddressOptions NONE = new AddressOptions(false, false, false, false, false,
            OptionalLong.empty(), Optional.empty());

    public AddressOptions {
        Objects.requireNonNull(preferredLft, "preferredLft");
        Objects.requireNonNull(peer, "peer");
    }

    /** The same options between this address and {@code newPeer}. */
    public AddressOptions withPeer(Optional<InetAddress> newPeer) {
        return new AddressOptions(home, dad, mngtmpaddr, noprefixroute, autojoin, preferredLft, newPeer);
    }

    /** The preferred lifetime an address of this prefix length gets, FOREVER for no limit. */
    public long preferredLifetime(int prefixLength, boolean ipv6) {
        if (!ipv6) {
            return FOREVER;
        }
        return preferredLft.orElse(prefixLength == 128 ? 0 : FOREVER);
    }

    /** The words of a line after the peer, each with a leading blank; empty for NONE. */
    public String text() {
        StringBuilder s = new StringBuilder();
        if (home) s.append(" home");
        if (dad) s.append(" -nodad");
        if (mngtmpaddr) s.append(" mngtmpaddr");
        if (noprefixroute) s.append(" noprefixroute");
        if (autojoin) s.append(" autojoin");
        preferredLft.ifPresent(p -> s.append(" preferred_lft ").append(p == FOREVER ? "forever" : Long.toString(p)));
        return s.toString();
    }
}
