package io.keepwatch.plugin.api;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * One configured witness store. Keys are plain instance names ({@code VI_1}); the implementation
 * places them under its own namespace (for etcd, the block's {@code prefix}).
 *
 * <p>Every method may block on the network and must be bounded by the implementation's own request
 * timeout (well under {@link #ttl()}), so that keepwatch can act on the monotonic clock. keepwatch
 * calls them from its own witness thread, never from the VRRP thread. Failures to reach the store are
 * {@link WitnessException}s of kind {@link WitnessException.Kind#UNREACHABLE}.
 */
public interface Witness extends AutoCloseable {

    /** How long a session lives in the store without a keep-alive: the block's {@code ttl}. */
    Duration ttl();

    /**
     * Opens a session for this host: one lease in the store, under which the session's holds and
     * candidacies live and with which they all expire.
     *
     * @param holder this host's identity, written as the value of the keys it holds
     */
    WitnessSession open(String holder) throws WitnessException;

    /** Who holds {@code key} now, as the store says; empty when nobody does. */
    Optional<String> holder(String key) throws WitnessException;

    /** The live candidacies for {@code key} ({@link WitnessSession#stand}), in no set order. */
    List<WitnessCandidate> candidates(String key) throws WitnessException;

    /**
     * Calls {@code changed} (on a thread of the implementation) after any change of {@code key}'s
     * holder or candidacies, and also whenever the watch had to be re-established, since changes may
     * have been missed; the caller then reads the state again. Without it keepwatch would poll.
     */
    WitnessWatch watch(String key, Runnable changed) throws WitnessException;

    /** Releases connections and threads; sessions still open are closed (their keys released). */
    @Override
    void close();
}
