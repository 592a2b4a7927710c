package io.keepwatch.config.model;

import java.util.Objects;
import java.util.Optional;

/**
 * How an instance's removal and priority changes are notified.
 *
 * @param deleted {@code notify_deleted}: an instance a reload removes is notified as DELETED;
 *                without it, as FAULT (keepalived's older behaviour, still its default), and not at
 *                all when it was in FAULT already
 * @param deletedScript the script {@code notify_deleted SCRIPT [USER [GROUP]]} names, run on DELETED
 * @param priorityChanges {@code notify_priority_changes}: effective priority changes go to the notify
 *                        FIFOs; empty means the sync group's setting, else {@code vrrp_notify_priority_changes}
 */
public record NotifyOptions(boolean deleted, Optional<NotifyScript> deletedScript, Optional<Boolean> priorityChanges) {
    public static final NotifyOptions DEFAULTS = new NotifyOptions(false, Optional.empty(), Optional.empty());

    public NotifyOptions {
        Objects.requireNonNull(deletedScript, "deletedScript");
        Objects.requireNonNull(priorityChanges, "priorityChanges");
    }
}
