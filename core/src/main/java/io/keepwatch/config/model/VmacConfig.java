package io.keepwatch.config.model;

import java.util.Objects;
import java.util.Optional;

/**
 * An instance's {@code use_vmac} settings: a macvlan (private mode) on the instance's interface,
 * carrying the VRRP virtual MAC (RFC 5798 section 7.3), that the virtual addresses go on and the
 * adverts leave from.
 *
 * @param enabled       {@code use_vmac} is written
 * @param interfaceName {@code use_vmac NAME}; when absent the name is chosen at start as keepalived
 *                      does ({@code vmac_prefix}.VRID, or an existing macvlan that fits)
 * @param macAddress    {@code use_vmac ... MAC}: six octets, or five with the VRID as the sixth
 *                      (lower-case hex, colon separated); when absent 00:00:5e:00:01:VRID
 *                      (00:00:5e:00:02:VRID for IPv6)
 * @param xmitBase      {@code vmac_xmit_base}: adverts are sent and received on the base interface
 * @param useVmacAddr   {@code use_vmac_addr}: each address with a {@code dev} other than the
 *                      instance's interface, or of the other family, goes on a VMAC of its own on
 *                      that interface (named per {@code vmac_addr_prefix}), with or without
 *                      {@code use_vmac}
 * @param ipvlan        {@code use_ipvlan}: the instance on an ipvlan (instead of a VMAC)
 */
public record VmacConfig(boolean enabled, Optional<String> interfaceName, Optional<String> macAddress,
                         boolean xmitBase, boolean useVmacAddr, Optional<IpvlanConfig> ipvlan) {

    /** No {@code use_vmac}. */
    public static final VmacConfig NONE = new VmacConfig(false, Optional.empty(), Optional.empty(), false, false);

    public VmacConfig {
        Objects.requireNonNull(interfaceName, "interfaceName");
        Objects.requireNonNull(macAddress, "macAddress");
        Objects.requireNonNull(ipvlan, "ipvlan");
    }

    /** Without {@code use_ipvlan}. */
    public VmacConfig(boolean enabled, Optional<String> interfaceName, Optional<String> macAddress, boolean xmitBase,
                      boolean useVmacAddr) {
        this(enabled, interfaceName, macAddress, xmitBase, useVmacAddr, Optional.empty());
    }

    /** Without {@code use_vmac_addr}. */
    public VmacConfig(boolean enabled, Optional<String> interfaceName, Optional<String> macAddress, boolean xmitBase) {
        this(enabled, interfaceName, macAddress, xmitBase, false);
    }

    /** The MAC the VMAC carries for virtual router {@code vrid} of the given family (IPv6 or not). */
    public byte[] macFor(int vrid, boolean ipv6) {
        byte[] mac = {0x00, 0x00, 0x5e, 0x00, (byte) (ipv6 ? 0x02 : 0x01), (byte) vrid};
        if (macAddress.isPresent()) {
            String[] octets = macAddress.get().split(":");
            for (int i = 0; i < octets.length; i++) {
                mac[i] = (byte) Integer.parseInt(octets[i], 16);
            }
        }
        return mac;
    }
}
