package io.keepwatch.linux;

import java.util.Map;
import java.util.Optional;

/**
 * A link with what a link dump says beyond {@link Link}: its kind, its lower link and its IPv4
 * settings, as needed to recognise a macvlan and to save settings before changing them.
 *
 * @param link        index, name, flags, MAC
 * @param parentIndex IFLA_LINK: the lower link of a macvlan or VLAN; 0 when none is reported
 * @param kind        IFLA_INFO_KIND ("macvlan", "veth", ...); empty for a plain device
 * @param macvlanMode IFLA_MACVLAN_MODE of a macvlan (MACVLAN_MODE_*); 0 otherwise
 * @param inetConf    IFLA_INET_CONF: IPV4_DEVCONF_* number to value; empty without IPv4
 */
public record LinkDetails(Link link, int parentIndex, Optional<String> kind, int macvlanMode,
                          Map<Integer, Integer> inetConf) {

    public LinkDetails {
        inetConf = Map.copyOf(inetConf);
    }

    public int index() {
        return link.index();
    }

    public String name() {
        return link.name();
    }

    public boolean isMacvlan() {
        return kind.filter("macvlan"::equals).isPresent();
    }

    /** The IPv4 setting {@code devconf} (an IPV4_DEVCONF_* number), if the kernel reported it. */
    public Optional<Integer> inetConf(int devconf) {
        return Optional.ofNullable(inetConf.get(devconf));
    }
}
