package io.keepwatch.config.model;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A {@code vrrp_sync_group NAME} block: instances that change state together.
 *
 * @param name the group name
 * @param instances {@code group { ... }}: names of vrrp_instances (each in at most one group)
 * @param notifyScripts the group's notify scripts
 * @param smtpAlert {@code smtp_alert}; default the global {@code smtp_alert}
 * @param trackInterfaces {@code track_interface}, applied to every member
 * @param trackScripts {@code track_script}, applied to every member
 * @param trackingWeight {@code sync_group_tracking_weight} (or the deprecated {@code global_tracking}):
 *               the members keep the weights of their own weighted trackers; without it keepalived
 *               turns a member's weighted track_interface into a FAULT one and drops its weighted
 *               track_script entries, since members must change state together
 * @param notifyPriorityChanges {@code notify_priority_changes}: the members' priority changes go to the
 *               notify FIFOs, unless a member says otherwise; empty means {@code vrrp_notify_priority_changes}
 * @param tracked {@code track_file} and {@code track_process}, applied to every member
 */
public record SyncGroupConfig(String name, List<String> instances, NotifyScripts notifyScripts, boolean smtpAlert,
                              List<TrackedInterface> trackInterfaces, List<TrackedScript> trackScripts,
                              boolean trackingWeight, Optional<Boolean> notifyPriorityChanges,
                              TrackedObjects tracked) {
    public SyncGroupConfig {
        Objects.requireNonNull(name, "name");
        instances = List.copyOf(instances);
        Objects.requireNonNull(notifyScripts, "notifyScripts");
        trackInterfaces = List.copyOf(trackInterfaces);
        trackScripts = List.copyOf(trackScripts);
        Objects.requireNonNull(notifyPriorityChanges, "notifyPriorityChanges");
        Objects.requireNonNull(tracked, "tracked");
    }

    /** This group with {@code next} as what it tracks besides interfaces and scripts. */
    public SyncGroupConfig withTracked(TrackedObjects next) {
        return new SyncGroupConfig(name, instances, notifyScripts, smtpAlert, trackInterfaces, trackScripts,
                trackingWeight, notifyPriorityChanges, next);
    }
}
