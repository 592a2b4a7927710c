package io.keepwatch.config.bind;

import io.keepwatch.config.model.DynamicInterfaces;
import io.keepwatch.config.model.HostSettings;
import io.keepwatch.plugin.api.ConfigNode;
import java.util.OptionalLong;
import java.util.Set;

/** Binds {@code default_interface}, {@code log_unknown_vrids}, {@code random_seed}, {@code disable_local_igmp} and {@code dynamic_interfaces} of {@code global_defs} to {@link HostSettings}. */
final class HostSettingsBinder {

    /** The keywords this binder reads. */
    static final Set<String> KEYWORDS = Set.of("default_interface", "log_unknown_vrids", "random_seed",
            "disable_local_igmp", "dynamic_interfaces");
    private static final long MAX_SEED = 0xFFFF_FFFFL;

    private final Values values;
    private String defaultInterface = HostSettings.DEFAULT_INTERFACE;
    private boolean logUnknownVrids;
    private OptionalLong randomSeed = OptionalLong.empty();
    private boolean disableLocalIgmp;
    private DynamicInterfaces dynamicInterfaces = DynamicInterfaces.OFF;

    HostSettingsBinder(Values values) {
        this.values = values;
    }

    void bind(ConfigNode n) {
        switch (n.keyword()) {
            // keepalived: "default_interface requires interface name", and the setting is kept
            case "default_interface" -> values.word(n).ifPresent(name -> defaultInterface = name);
            // keepalived turns it on whatever follows the keyword
            case "log_unknown_vrids" -> logUnknownVrids = true;
            // keepalived too ignores what follows the keyword
            case "disable_local_igmp" -> disableLocalIgmp = true;
            case "random_seed" -> values.word(n).ifPresent(word -> seed(n, word));
            case "dynamic_interfaces" -> dynamicInterfaces(n);
            default -> throw new IllegalArgumentException(n.keyword());
        }
    }

    /** An unsigned 32-bit number, as keepalived's srandom() takes; otherwise keepalived's error. */
    private void seed(ConfigNode n, String word) {
        try {
            long seed = Long.parseLong(word);
            if (seed >= 0 && seed <= MAX_SEED) {
                randomSeed = OptionalLong.of(seed);
                return;
            }
        } catch (NumberFormatException notANumber) {
            // reported below
        }
        values.diagnostics().error(n.position(), "random_seed " + word + " invalid");
    }

    /**
     * keepalived turns the keyword on whatever follows it, and reports an option other than
     * {@code allow_if_changes} as unknown.
     */
    private void dynamicInterfaces(ConfigNode n) {
        dynamicInterfaces = DynamicInterfaces.ON;
        if (n.arguments().isEmpty()) {
            return;
        }
        if (n.arguments().getFirst().equals("allow_if_changes")) {
            dynamicInterfaces = DynamicInterfaces.ALLOW_IF_CHANGES;
        } else {
            values.diagnostics().warning(n.position(), "unknown dynamic_interfaces option '"
                    + n.arguments().getFirst() + "'; dynamic_interfaces is on");
        }
    }

    HostSettings build() {
        return new HostSettings(defaultInterface, logUnknownVrids, randomSeed, disableLocalIgmp, dynamicInterfaces);
    }
}
