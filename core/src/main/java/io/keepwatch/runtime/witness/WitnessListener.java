package io.keepwatch.runtime.witness;

import java.time.Duration;
import java.util.Optional;

/**
 * What the witness threads report, on those threads; the daemon hands each report to the VRRP
 * thread ({@link WitnessFences}).
 */
public interface WitnessListener {

    /** The host's session with {@code witness} was opened or kept alive: the store cannot expire it before {@code validUntilNanos}. */
    void renewed(String witness, Duration ttl, long validUntilNanos);

    /** The session is gone (the store says so, or keepwatch closed it): every hold under it is lost. */
    void lost(String witness, String why);

    /** The answer to taking {@code key}: whether this host's session holds it now. */
    void acquired(String witness, String key, boolean held);

    /** Who holds {@code key} now, as the store said (its holder's identity); empty when nobody does or that is not known. */
    void holder(String witness, String key, Optional<String> holder);
}
