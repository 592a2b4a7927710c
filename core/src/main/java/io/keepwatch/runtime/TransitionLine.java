package io.keepwatch.runtime;

import io.keepwatch.vrrp.VrrpState;

/**
 * The log line of a state change: keepalived's wording first, so that a grep or an alert written for
 * keepalived's log still matches, then keepwatch's own {@code FROM -> TO: reason}.
 *
 * <pre>
 * (VI_1) Entering BACKUP STATE (init) - INIT -> BACKUP: start
 * (VI_1) Entering MASTER STATE - BACKUP -> MASTER: no advert within the master down interval
 * VRRP_Group(G1) Syncing instances to MASTER state - VI_1: no advert within the master down interval
 * </pre>
 *
 * keepalived 2.2.7 says "(init)" when an instance leaves its initial state at start, and has no line
 * for the way back to INIT at a stop: that one keeps keepwatch's wording only, naming the state as
 * notifiers receive it, STOP (or DELETED for an instance a reload removed):
 *
 * <pre>
 * (VI_1) MASTER -> STOP: shutdown
 * </pre>
 */
final class TransitionLine {

    private TransitionLine() {}

    /** @param end what INIT is called when {@code to} is INIT: {@code STOP} or {@code DELETED} */
    static String instance(String name, VrrpState from, VrrpState to, String reason, String end) {
        if (to == VrrpState.INIT) {
            return "(" + name + ") " + from + " -> " + end + ": " + reason;
        }
        String own = from + " -> " + to + ": " + reason;
        String init = from == VrrpState.INIT && to != VrrpState.MASTER ? " (init)" : "";
        return "(" + name + ") Entering " + to + " STATE" + init + " - " + own;
    }

    /** A sync group moved with {@code instance}: keepalived's "Syncing instances" line. */
    static String group(String group, VrrpState to, String instance, String reason) {
        return "VRRP_Group(" + group + ") Syncing instances to " + to + " state - " + instance + ": " + reason;
    }
}
