package io.keepwatch.runtime;

import java.util.OptionalLong;

/**
 * What the core's trackers know now, by the engine's tracker name: 1 up or 0 down, or a tracked
 * file's number; empty while a tracker has no result yet (or is not the core's). Read on the VRRP
 * thread as instances start, so it never blocks.
 */
@FunctionalInterface
interface TrackerLevels {
    OptionalLong level(String tracker);
}
