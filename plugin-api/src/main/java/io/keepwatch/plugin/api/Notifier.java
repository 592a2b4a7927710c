package io.keepwatch.plugin.api;

/**
 * One configured notifier, bound and ready. keepwatch delivers events to it from a queue of its own
 * per instance, in order and off the VRRP thread; {@link #send} may block (network I/O) but should
 * respect its configured timeout. A thrown exception makes keepwatch retry the same event according
 * to {@link #retryPolicy()}; after the last attempt the event is counted as failed and dropped.
 */
public interface Notifier extends AutoCloseable {

    /**
     * Delivers one event.
     *
     * @throws Exception when delivery failed and may be retried
     */
    void send(TransitionEvent event) throws Exception;

    /**
     * Delivers an address conflict (split brain: another station claims a virtual address), through
     * the same queue, retries and order as transitions. Ignored unless the notifier overrides it, so
     * notifiers written before conflicts were reported keep working unchanged.
     *
     * @throws Exception when delivery failed and may be retried
     */
    default void send(AddressConflictEvent event) throws Exception {}

    /** How keepwatch retries a failed {@link #send}; {@link RetryPolicy#DEFAULT} unless configured. */
    default RetryPolicy retryPolicy() {
        return RetryPolicy.DEFAULT;
    }

    /** Releases what the notifier holds; called once when keepwatch stops. */
    @Override
    default void close() {}
}
