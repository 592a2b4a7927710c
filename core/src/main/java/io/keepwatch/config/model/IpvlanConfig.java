package io.keepwatch.config.model;

import java.net.InetAddress;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * An instance's {@code use_ipvlan [NAME] [ADDRESS] [bridge|private|vepa]}, as keepalived 2.2.7 reads
 * it: an ipvlan in L2 mode on the instance's interface instead of a VMAC (it shares the interface's
 * MAC), that the virtual addresses go on and the adverts leave from, with {@code ADDRESS} on it as
 * the adverts' source. keepwatch tries to make the ipvlan and, whether or not the kernel can, runs
 * the instance in FAULT (see docs/configuration.md).
 *
 * @param interfaceName the ipvlan's name; when absent generated as a VMAC's ({@code vmac_prefix}.VRID)
 * @param address       the address put on the ipvlan and used as the adverts' source (required for
 *                      IPv4, where the ipvlan has no address of its own)
 * @param prefixLength  its prefix length (32 or 128 when none is written)
 * @param mode          the ipvlan flags, the same for every ipvlan on one interface
 */
public record IpvlanConfig(Optional<String> interfaceName, Optional<InetAddress> address, int prefixLength,
                           Mode mode) {

    /** IFLA_IPVLAN_FLAGS: bridge 0, private IPVLAN_F_PRIVATE, vepa IPVLAN_F_VEPA. */
    public enum Mode {
        BRIDGE(0), PRIVATE(1), VEPA(2);

        private final int flags;

        Mode(int flags) {
            this.flags = flags;
        }

        public int flags() {
            return flags;
        }

        public String keyword() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public IpvlanConfig {
        Objects.requireNonNull(interfaceName, "interfaceName");
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(mode, "mode");
    }
}
