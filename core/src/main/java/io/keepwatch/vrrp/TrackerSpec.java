package io.keepwatch.vrrp;

import java.util.Objects;

/**
 * One tracked object of an instance (keepalived's track_script, track_interface, track_file,
 * track_process, ...), reduced to what the election needs.
 *
 * <p>keepalived semantics (vrrp_track.c): a positive weight is added to the priority while the tracker
 * is up, a negative weight while it is down; {@code reverse} negates the weight without changing when
 * it applies (so {@code weight 20 reverse} lowers the priority by 20 while up). A weight of 0 means the
 * instance goes to FAULT while the tracker is down, or while it is up when reversed.
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

    /** The priority contribution of the tracker in the given state. */
    int contribution(boolean up) {
        int applied = weight > 0 ? (up ? weight : 0) : (up ? 0 : weight);
        return reverse ? -applied : applied;
    }

    /** Whether the tracker, in the given raw state, forces FAULT (weight 0 and failing). */
    boolean faults(boolean up) {
        return weight == 0 && up == reverse;
    }
}
