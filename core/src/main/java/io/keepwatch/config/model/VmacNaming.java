package io.keepwatch.config.model;

import java.util.Objects;

/**
 * How VMAC interfaces are named when {@code use_vmac} gives no name.
 *
 * @param prefix {@code vmac_prefix}; default {@code vrrp}, giving {@code vrrp.VRID}
 */
public record VmacNaming(String prefix) {

    public static final String DEFAULT_PREFIX = "vrrp";
    public static final VmacNaming DEFAULTS = new VmacNaming(DEFAULT_PREFIX);

    public VmacNaming {
        Objects.requireNonNull(prefix, "prefix");
    }
}
