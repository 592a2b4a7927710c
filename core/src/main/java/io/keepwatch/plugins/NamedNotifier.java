package io.keepwatch.plugins;

import io.keepwatch.plugin.api.Notifier;
import java.util.Objects;

/**
 * A notifier created from a {@code vrrp_notifier NAME} block (or from {@code global_defs} alone).
 *
 * @param name the block's name, used as the {@code notifier} tag of the delivery counters
 * @param type its {@code type}
 * @param notifier the plugin's notifier
 * @param origin who provides it, as logs name it ({@code plugin ID VERSION})
 */
public record NamedNotifier(String name, String type, Notifier notifier, String origin) {

    public NamedNotifier {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(notifier, "notifier");
        Objects.requireNonNull(origin, "origin");
    }

    /** A notifier keepwatch itself provides. */
    public NamedNotifier(String name, String type, Notifier notifier) {
        this(name, type, notifier, "keepwatch");
    }
}
