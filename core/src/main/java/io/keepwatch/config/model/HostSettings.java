package io.keepwatch.config.model;

import java.util.Objects;
import java.util.OptionalLong;

/**
 * How keepwatch treats the host's interfaces and traffic beyond its instances, and the seed of
 * the file's {@code ${_RANDOM}}.
 *
 * @param defaultInterface {@code default_interface}: the interface of a static address that names
 *                         none; default {@code eth0}, as keepalived's
 * @param logUnknownVrids {@code log_unknown_vrids}: log each advert received for a VRID no instance
 *                        on that interface has, which keepalived otherwise drops silently
 * @param randomSeed {@code random_seed}: the seed of {@code ${_RANDOM}}, so that a file reads the
 *                   same each time; empty: a new seed at each read
 * @param disableLocalIgmp {@code disable_local_igmp}: net.ipv4.igmp_link_local_mcast_reports is 0
 *                         while the daemon runs, so that no IGMP report goes out for the VRRP group
 * @param dynamicInterfaces {@code dynamic_interfaces}: whether an instance may name an interface
 *                          that does not exist yet
 */
public record HostSettings(String defaultInterface, boolean logUnknownVrids, OptionalLong randomSeed,
                           boolean disableLocalIgmp, DynamicInterfaces dynamicInterfaces) {

    public static final String DEFAULT_INTERFACE = "eth0";
    public static final HostSettings DEFAULTS = new HostSettings(DEFAULT_INTERFACE, false, OptionalLong.empty(),
            false, DynamicInterfaces.OFF);

    public HostSettings {
        Objects.requireNonNull(defaultInterface, "defaultInterface");
        Objects.requireNonNull(randomSeed, "randomSeed");
        Objects.requireNonNull(dynamicInterfaces, "dynamicInterfaces");
    }
}
