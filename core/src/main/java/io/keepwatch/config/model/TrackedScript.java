package io.keepwatch.config.model;

import java.util.Objects;
import java.util.OptionalInt;

/**
 * A {@code track_script} entry: {@code NAME [weight N [reverse]]}. The name is a {@code vrrp_script}
 * or a plugin-provided {@code vrrp_check}. {@code track_file} and {@code track_process} entries have
 * the same form and rules, naming a {@code track_file} or {@code vrrp_track_process} block.
 *
 * @param name the script or check (or tracked file or process)
 * @param weight overrides the script's own weight when present
 * @param reverse with a weight: whether it applies on success rather than failure ({@code reverse};
 *                without the word, the script's own {@code reverse}, as keepalived takes it)
 */
public record TrackedScript(String name, OptionalInt weight, boolean reverse) {
    public TrackedScript {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(weight, "weight");
    }
}
