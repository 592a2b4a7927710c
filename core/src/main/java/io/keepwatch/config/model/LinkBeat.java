package io.keepwatch.config.model;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * keepalived's linkbeat: interfaces whose carrier is polled every second instead of followed
 * through rtnetlink.
 *
 * @param usePolling top-level {@code linkbeat_use_polling}: every instance's interface is polled
 * @param interfaces the {@code linkbeat_interfaces} block: interface names with the probe written
 *                   after them, in file order
 */
public record LinkBeat(boolean usePolling, Map<String, Probe> interfaces) {

    /** The probe a {@code linkbeat_interfaces} line names; keepalived tries MII, then ETHTOOL, then IOCTL. */
    public enum Probe { ANY, MII, ETHTOOL, IOCTL }

    public static final LinkBeat NONE = new LinkBeat(false, Map.of());

    public LinkBeat {
        Objects.requireNonNull(interfaces, "interfaces");
        interfaces = Collections.unmodifiableMap(new LinkedHashMap<>(interfaces));
    }
}
