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
 * <p>A {@code scaled} tracker (track_file) has a level, the integer read from its file, instead of up
 * and down (keepalived's track_file.c): with a weight, it adds level &times; weight (negated when
 * reversed), bounded to -254..253, and a product of -254 or less puts the instance in FAULT; with
 * weight 0, a non-zero level is FAULT (a zero level, when reversed). Other trackers have level 1
 * while up and 0 while down.
 *
 * @param name         the tracker name, as sent in {@link VrrpEvent.TrackerChanged}
 * @param weight       -254..254
 * @param reverse      keepalived's {@code reverse} / {@code weight N reverse}
 * @param initialLevel the level assumed before the first event: 1 up, 0 down, or a scaled tracker's value
 * @param scaled       whether the level multiplies the weight (track_file) rather than being up or down
 */
public record TrackerSpec(String name, int weight, boolean reverse, long initialLevel, boolean scaled) {

    /** keepalived's bound on what a scaled tracker adds; its lower bound is FAULT. */
    private static final int SCALED_MIN = -254;
    private static final int SCALED_MAX = 253;

    public TrackerSpec {
        Objects.requireNonNull(name, "name");
        if (name.isBlank()) {
            throw new IllegalArgumentException("tracker name must not be blank");
        }
        if (weight < -254 || weight > 254) {
            throw new IllegalArgumentException("tracker " + name + ": weight " + weight + " out of range -254..254");
        }
    }

    /** A tracker that is up or down. */
    public TrackerSpec(String name, int weight, boolean reverse, boolean initiallyUp) {
        this(name, weight, reverse, initiallyUp ? 1 : 0, false);
    }

    /** A tracker that starts up. */
    public static TrackerSpec of(String name, int weight) {
        return new TrackerSpec(name, weight, false, true);
    }

    /** A track_file tracker whose file holds {@code initialLevel} now. */
    public static TrackerSpec scaled(String name, int weight, boolean reverse, long initialLevel) {
        return new TrackerSpec(name, weight, reverse, initialLevel, true);
    }

    /** Whether the tracker starts up (for a scaled one: whether it starts without FAULT). */
    public boolean initiallyUp() {
        return up(initialLevel);
    }

    /** How the status shows a level: up or down, and for a scaled tracker, not FAULT. */
    public boolean up(long level) {
        return scaled ? !faults(level) : level != 0;
    }

    /** The priority contribution of the tracker at the given level. */
    int contribution(long level) {
        if (scaled) {
            return weight == 0 || faults(level) ? 0 : (int) product(level);
        }
        boolean up = level != 0;
        int applied = weight > 0 ? (up ? weight : 0) : (up ? 0 : weight);
        return reverse ? -applied : applied;
    }

    /** Whether the tracker, at the given level, forces FAULT. */
    boolean faults(long level) {
        if (scaled) {
            return weight == 0 ? (level != 0) != reverse : product(level) == SCALED_MIN;
        }
        return weight == 0 && (level != 0) == reverse;
    }

    private long product(long level) {
        // keepalived reads a file's number as a 32-bit integer; bounding it first keeps the product exact
        long bounded = Math.clamp(level, Integer.MIN_VALUE, Integer.MAX_VALUE + 1L);
        return Math.clamp(bounded * weight * (reverse ? -1 : 1), SCALED_MIN, SCALED_MAX);
    }
}
