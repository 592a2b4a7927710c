package io.keepwatch.plugin.api;

import java.util.Objects;

/**
 * A host standing for a key in {@code election} mode, with the effective priority it published.
 *
 * @param holder the host's identity ({@link Witness#open})
 * @param priority its effective priority, 1 to 255 as in VRRP
 */
public record WitnessCandidate(String holder, int priority) {

    public WitnessCandidate {
        Objects.requireNonNull(holder, "holder");
    }
}
