package io.keepwatch.script;

/**
 * Who a script runs as: a user id and the one group id keepalived gives a script (its primary
 * group, or the GROUP of {@code user USER GROUP}); like keepalived, the script gets no other
 * supplementary group.
 *
 * @param user the user's name, for messages
 * @param uid the user id
 * @param gid the group id
 */
public record RunAs(String user, int uid, int gid) {

    /** Whether a script run this way may change what root owns, so that its files must be safe. */
    boolean privileged() {
        return uid == 0 || gid == 0;
    }

    @Override
    public String toString() {
        return user + " (" + uid + ":" + gid + ")";
    }
}
