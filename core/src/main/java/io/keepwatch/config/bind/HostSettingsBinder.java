package io.keepwatch.config.bind;

import io.keepwatch.config.model.HostSettings;
import io.keepwatch.plugin.api.ConfigNode;
import java.util.Set;

/** Binds {@code default_interface} and {@code log_unknown_vrids} of {@code global_defs} to {@link HostSettings}. */
final class HostSettingsBinder {

    /** The keywords this binder reads. */
    static final Set<String> KEYWORDS = Set.of("default_interface", "log_unknown_vrids");

    private final Values values;
    private String defaultInterface = HostSettings.DEFAULT_INTERFACE;
    private boolean logUnknownVrids;

    HostSettingsBinder(Values values) {
        this.values = values;
    }

    void bind(ConfigNode n) {
        switch (n.keyword()) {
            // keepalived: "default_interface requires interface name", and the setting is kept
            case "default_interface" -> values.word(n).ifPresent(name -> defaultInterface = name);
            // keepalived turns it on whatever follows the keyword
            case "log_unknown_vrids" -> logUnknownVrids = true;
            default -> throw new IllegalArgumentException(n.keyword());
        }
    }

    HostSettings build() {
        return new HostSettings(defaultInterface, logUnknownVrids);
    }
}
