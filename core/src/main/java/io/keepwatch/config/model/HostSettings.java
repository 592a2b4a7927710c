package io.keepwatch.config.model;

import java.util.Objects;

/**
 * How keepwatch treats the host's interfaces and traffic beyond its instances.
 *
 * @param defaultInterface {@code default_interface}: the interface of a static address that names
 *                         none; default {@code eth0}, as keepalived's
 * @param logUnknownVrids {@code log_unknown_vrids}: log each advert received for a VRID no instance
 *                        on that interface has, which keepalived otherwise drops silently
 */
public record HostSettings(String defaultInterface, boolean logUnknownVrids) {

    public static final String DEFAULT_INTERFACE = "eth0";
    public static final HostSettings DEFAULTS = new HostSettings(DEFAULT_INTERFACE, false);

    public HostSettings {
        Objects.requireNonNull(defaultInterface, "defaultInterface");
    }
}
