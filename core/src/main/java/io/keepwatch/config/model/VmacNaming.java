package io.keepwatch.config.model;

import java.util.Objects;
import java.util.Optional;

/**
 * How VMAC interfaces are named when {@code use_vmac} gives no name.
 *
 * @param prefix     {@code vmac_prefix}; default {@code vrrp}, giving {@code vrrp.VRID}
 * @param addrPrefix {@code vmac_addr_prefix}: for the VMACs of {@code use_vmac_addr}; when absent
 *                   {@code prefix}
 */
public record VmacNaming(String prefix, Optional<String> addrPrefix) {

    public static final String DEFAULT_PREFIX = "vrrp";
    public static final VmacNaming DEFAULTS = new VmacNaming(DEFAULT_PREFIX);

    public VmacNaming {
        Objects.requireNonNull(prefix, "prefix");
        Objects.requireNonNull(addrPrefix, "addrPrefix");
    }

    /** Without {@code vmac_addr_prefix}. */
    public VmacNaming(String prefix) {
        this(prefix, Optional.empty());
    }

    /** The prefix of the names of {@code use_vmac_addr}'s VMACs. */
    public String addressPrefix() {
        return addrPrefix.orElse(prefix);
    }
}
