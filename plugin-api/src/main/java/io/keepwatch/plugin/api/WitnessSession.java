package io.keepwatch.plugin.api;

/**
 * A host's session with a witness store: one lease that expires unless kept alive, and the holds and
 * candidacies taken under it.
 *
 * <p>Fencing rests on {@link #validUntilNanos()}: the store must not be able to grant a key held by
 * this session to anyone else before that instant. An implementation computes it from the moment it
 * <em>sent</em> the grant or keep-alive request plus the TTL the store granted, never from the moment
 * the answer arrived, so that it errs early. keepwatch gives up its addresses before that instant.
 */
public interface WitnessSession extends AutoCloseable {

    /** This host's identity, as given to {@link Witness#open}. */
    String holder();

    /**
     * The {@link System#nanoTime()} instant before which the store cannot expire this session, from
     * the last successful grant or {@link #keepAlive()}.
     */
    long validUntilNanos();

    /**
     * Renews the session's lease.
     *
     * @return the new {@link #validUntilNanos()}
     * @throws WitnessException {@link WitnessException.Kind#LOST} when the store no longer knows the
     *         session (it expired or was revoked): every hold is gone and the session is useless;
     *         {@link WitnessException.Kind#UNREACHABLE} when the store could not be asked
     */
    long keepAlive() throws WitnessException;

    /**
     * Takes {@code key} for this session if nobody holds it, atomically (compare and set in the
     * store). Never takes a key from another holder.
     *
     * @return true when this session holds the key afterwards (taken now, or already its own)
     */
    boolean acquire(String key) throws WitnessException;

    /** Gives {@code key} up if this session holds it; does nothing otherwise. */
    void release(String key) throws WitnessException;

    /**
     * Publishes (or updates) this host's candidacy for {@code key} with its current effective
     * priority, under the session's lease: it disappears when the session does.
     */
    void stand(String key, int priority) throws WitnessException;

    /** Withdraws this host's candidacy for {@code key}; does nothing if there is none. */
    void withdraw(String key) throws WitnessException;

    /** Ends the session (revokes the lease when the store can be reached): its keys are released. */
    @Override
    void close();
}
