package io.keepwatch.plugins;

/**
 * Receives the state changes of tracked checks (after rise/fall). Called from the check's own virtual
 * thread: implementations hand the change to the VRRP thread (as an engine event) and return at once.
 */
@FunctionalInterface
public interface TrackerListener {

    /**
     * @param name the check's name ({@code vrrp_check NAME})
     * @param up its new state
     * @param message why, from the run that decided it
     */
    void onTrackerChanged(String name, boolean up, String message);
}
