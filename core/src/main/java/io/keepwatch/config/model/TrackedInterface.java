package io.keepwatch.config.model;

import java.util.Objects;

/**
 * A {@code track_interface} entry: {@code IFNAME [weight N [reverse]]}.
 *
 * @param name the interface name
 * @param weight 0 means the instance goes to FAULT when the interface is down; otherwise the
 *               priority changes by this much (-254..254) while it is down ({@code reverse}: while up)
 * @param reverse whether the weight applies while the interface is up instead
 */
public record TrackedInterface(String name, int weight, boolean reverse) {
    public TrackedInterface {
        Objects.requireNonNull(name, "name");
    }
}
