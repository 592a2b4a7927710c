package io.keepwatch.config.model;

import io.keepwatch.vrrp.AddressFamily;
import java.net.InetAddress;
import java.util.Objects;
import java.util.Optional;

/**
 * One line of {@code virtual_ipaddress} / {@code virtual_ipaddress_excluded}:
 * {@code IP[/len] [brd IP] [dev IFNAME] [scope SCOPE] [label LABEL] [no_track]}.
 *
 * @param address the address (a literal; names are never resolved)
 * @param prefixLength the prefix length; 32 (IPv4) or 128 (IPv6) when not written
 * @param broadcast {@code brd}, IPv4 only
 * @param device {@code dev}: the interface to put the address on; empty means the instance's interface
 * @param scope {@code scope}: global, site, link, host or nowhere (empty = the kernel's default)
 * @param label {@code label}: the IPv4 address label
 * @param noTrack {@code no_track}: the instance does not go to FAULT when {@code device} goes down
 * @param options {@code home}, {@code -nodad}, {@code mngtmpaddr}, {@code noprefixroute}, {@code autojoin},
 *                {@code preferred_lft}
 */
public record VirtualIpAddress(InetAddress address, int prefixLength, Optional<InetAddress> broadcast,
                               Optional<String> device, Optional<String> scope, Optional<String> label,
                               boolean noTrack, AddressOptions options) {
    public VirtualIpAddress {
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(broadcast, "broadcast");
        Objects.requireNonNull(device, "device");
        Objects.requireNonNull(scope, "scope");
        Objects.requireNonNull(label, "label");
        Objects.requireNonNull(options, "options");
    }

    public AddressFamily family() {
        return AddressFamily.of(address);
    }

    /** The same address on {@code newDevice}. */
    public VirtualIpAddress onDevice(String newDevice) {
        return new VirtualIpAddress(address, prefixLength, broadcast, Optional.of(newDevice), scope, label, noTrack,
                options);
    }

    /** A plain {@code IP/len} with nothing else. */
    public static VirtualIpAddress of(InetAddress address, int prefixLength) {
        return new VirtualIpAddress(address, prefixLength, Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty(), false, AddressOptions.NONE);
    }
}
