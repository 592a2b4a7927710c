package io.keepwatch.runtime;

/**
 * A line of a notify FIFO, in keepalived's format (vrrp_notify.c): the type, the quoted name, the
 * state and the priority, then a newline; a group's priority is 0.
 *
 * <pre>
 * INSTANCE "VI_1" MASTER 150
 * GROUP "G1" BACKUP 0
 * INSTANCE "VI_1" MASTER_PRIORITY 140
 * </pre>
 *
 * The states are those of the notify scripts (MASTER, BACKUP, FAULT, STOP, DELETED) and, with
 * {@code notify_priority_changes}, MASTER_PRIORITY or BACKUP_PRIORITY for a change of an
 * instance's effective priority (BACKUP_PRIORITY in every state but MASTER, as keepalived), and
 * MASTER_RX_LOWER_PRI when a MASTER hears an advert of a lower priority.
 */
final class FifoLine {

    static final String INSTANCE = "INSTANCE";
    static final String GROUP = "GROUP";
    /** A MASTER heard a lower priority's advert (keepalived's notify_master_rx_lower_pri event). */
    static final String MASTER_RX_LOWER_PRI = "MASTER_RX_LOWER_PRI";

    private FifoLine() {}

    static String of(String type, String name, String state, int priority) {
        return type + " \"" + name + "\" " + state + " " + priority + "\n";
    }

    /** The line of a change of an instance's effective priority. */
    static String priority(String instance, boolean master, int priority) {
        return of(INSTANCE, instance, master ? "MASTER_PRIORITY" : "BACKUP_PRIORITY", priority);
    }
}
