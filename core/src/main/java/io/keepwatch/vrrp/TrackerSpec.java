package io.keepwatch.vrrp;

import java.util.Objects;

/**
 * One tracked object of an instance (keepalived's track_script, track_interface, track_file,
 * track_process, ...), reduced to what the election needs.
 *
 * <p>keepalived semantics: a positive weight is added to the priority while the tracker is up; a
 * negative weight is added while it is down; {@code reverse} swaps up and down. A weight of 0 means
 * the instance goes to FAULT while the tracker is down (or up, when reversed).
 *
 * @param name        the tracker name, as sent in {@link VrrpEvent.TrackerChanged}
 * @param weight      -254..254
 * @param reverse     keepalived's {@code reverse} / {@code weight N reverse}
 * @param initiallyUp the state assumed before the first {@link VrrpEvent.TrackerChanged}
 */
public record TrackerSpec(String name, int weight, boolean reverse, boolean initiallyUp) {

    public TrackerSpec {
        Objects.requireNonNull(name, "name");
        if (name.isBlank()) {
            throw new IllegalArgumentException("tracker name must not be blank");
        }
        if (weight < -254 || weight > 254) {
            throw new IllegalArgumentException("tracker " + name + ": weight " + weight + " out of range -254..254");
        }
    }

    /** A tracker that starts up. */
    public static TrackerSpec of(String name, int weight) {
        return new TrackerSpec(name, weight, false, true);
    }

    /** Whether the tracker, in the given raw state, counts as failing (after {@code reverse}). */
    boolean failing(boolean up) {
        return reverse == up;
    }

    /** The priority contribution of the tracker in the given raw state. */
    int contribution(boolean up) {
        if (weight > 0) {
            return failing(up) ? 0 : weight;
        }
        if (weight < 0) {
            return failing(up) ? weight : 0;
        }
        return 0;
    }

    /** Whether the tracker, in the given raw state, forces FAULT (weight 0 and failing). */
    boolean faults(boolean up) {
        return weight == 0 && failing(up);
    }
}
