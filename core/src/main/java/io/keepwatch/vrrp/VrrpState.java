package io.keepwatch.vrrp;

/**
 * The states of a VRRP instance (RFC 5798 section 6.4) plus keepalived's FAULT state, entered when a
 * tracked interface or a weightless tracker fails.
 */
public enum VrrpState {
    /** Not started yet, or shut down. */
    INIT,
    /** Listening to the master; takes over when the Master_Down_Timer fires. */
    BACKUP,
    /** Holds the virtual addresses and advertises. */
    MASTER,
    /** Cannot serve: a tracked interface is down or a weightless tracker failed. */
    FAULT
}
