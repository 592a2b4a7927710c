package io.keepwatch.runtime.net;

import java.net.InetAddress;
import java.util.Objects;
import java.util.Optional;

/**
 * What an instance asks of its VMAC.
 *
 * @param instance      the vrrp_instance (for messages, and as the VMAC's holder)
 * @param baseInterface the instance's {@code interface}, the macvlan's lower link
 * @param vrid          the virtual router (generated names end with it)
 * @param ipv6          an IPv6 instance (its VMAC keeps IPv6 and gets a link-local address)
 * @param mac           the MAC the VMAC carries
 * @param name          {@code use_vmac NAME}, if given
 * @param prefix        {@code vmac_prefix}, for a generated name
 * @param linkLocal     the IPv6 source of adverts, which the VMAC needs when it sends them; empty
 *                      for IPv4 or with {@code vmac_xmit_base}
 * @param forAddresses  a VMAC of {@code use_vmac_addr}, for the instance's addresses on
 *                      {@code baseInterface} of one family; an instance may hold one per interface
 *                      and family besides its own VMAC
 */
public record VmacRequest(String instance, String baseInterface, int vrid, boolean ipv6, byte[] mac,
                          Optional<String> name, String prefix, Optional<InetAddress> linkLocal,
                          boolean forAddresses) {

    public VmacRequest {
        Objects.requireNonNull(instance, "instance");
        Objects.requireNonNull(baseInterface, "baseInterface");
        mac = mac.clone();
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(prefix, "prefix");
        Objects.requireNonNull(linkLocal, "linkLocal");
    }

    /** The instance's own VMAC. */
    public VmacRequest(String instance, String baseInterface, int vrid, boolean ipv6, byte[] mac,
                       Optional<String> name, String prefix, Optional<InetAddress> linkLocal) {
        this(instance, baseInterface, vrid, ipv6, mac, name, prefix, linkLocal, false);
    }

    /** What the VMAC is held under: the instance for its own VMAC, else also the interface and family. */
    String holder() {
        return forAddresses ? instance + " " + baseInterface + (ipv6 ? " IPv6" : " IPv4") : instance;
    }

    /** keepalived's 00:00:5e:00:01:VRID / 00:00:5e:00:02:VRID family (RFC 5798 section 7.3). */
    static boolean isVrrpMac(byte[] mac) {
        return mac != null && mac.length == 6 && mac[0] == 0 && mac[1] == 0 && mac[2] == 0x5e && mac[3] == 0
                && (mac[4] == 1 || mac[4] == 2);
    }
}
