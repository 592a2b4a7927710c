package io.keepwatch.plugin.api;

/**
 * Thrown by {@link Notifier#send} when trying again cannot help (the receiver rejected the event,
 * e.g. HTTP 400 or a refused recipient): keepwatch counts the event as failed without retrying.
 */
public class PermanentNotificationException extends Exception {

    private static final long serialVersionUID = 1L;

    /** A permanent failure with its reason. */
    public PermanentNotificationException(String message) {
        super(message);
    }

    /** A permanent failure with its reason and cause. */
    public PermanentNotificationException(String message, Throwable cause) {
        super(message, cause);
    }
}
