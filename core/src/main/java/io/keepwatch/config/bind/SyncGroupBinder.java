package io.keepwatch.config.bind;

import io.keepwatch.config.diagnostic.Diagnostics;
import io.keepwatch.config.model.NotifyScripts;
import io.keepwatch.config.model.SyncGroupConfig;
import io.keepwatch.config.model.TrackedInterface;
import io.keepwatch.config.model.TrackedScript;
import io.keepwatch.plugin.api.ConfigNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Binds one {@code vrrp_sync_group} block against the instances already bound. */
final class SyncGroupBinder {
    private final Values values;
    private final Diagnostics diagnostics;
    private final Tracking tracking;
    private final ObjectTracking objects;
    private final boolean globalSmtpAlert;
    /** Which group each instance already belongs to: an instance is in one group at most. */
    private final Map<String, String> groupOf;
    private final Set<String> instanceNames;
    /** The instances with {@code election NAME}, which no group can hold (see {@link #bind}). */
    private final Set<String> elected;

    SyncGroupBinder(Values values, Tracking tracking, ObjectTracking objects, boolean globalSmtpAlert, Set<String> instanceNames,
                    Map<String, String> groupOf, Set<String> elected) {
        this.elected = elected;
        this.values = values;
        this.diagnostics = values.diagnostics();
        this.tracking = tracking;
        this.objects = objects;
        this.globalSmtpAlert = globalSmtpAlert;
        this.instanceNames = instanceNames;
        this.groupOf = groupOf;
    }

    Optional<SyncGroupConfig> bind(ConfigNode block) {
        if (block.arguments().isEmpty()) {
            diagnostics.error(block.position(), "vrrp_sync_group needs a name");
            return Optional.empty();
        }
        String name = block.arguments().getFirst();
        List<String> members = new ArrayList<>();
        NotifyScripts[] notify = {NotifyScripts.NONE};
        boolean smtpAlert = globalSmtpAlert;
        List<TrackedInterface> trackInterfaces = new ArrayList<>();
        List<TrackedScript> trackScripts = new ArrayList<>();
        boolean trackingWeight = false;
        Optional<Boolean> notifyPriorityChanges = Optional.empty();
        NotifyOptionsBinder notifyOptions = new NotifyOptionsBinder(values);
        ObjectTracking.Reader tracked = objects.reader("vrrp_sync_group " + name, false);
        for (ConfigNode n : block.children()) {
            if (tracking.notify(n, notify)) continue;
            if (tracked.read(n)) continue;
            switch (n.keyword()) {
                case "group" -> {
                    for (ConfigNode member : values.block(n)) {
                        List<String> names = new ArrayList<>();
                        names.add(member.keyword());
                        names.addAll(member.arguments());
                        for (String instance : names) {
                            if (!instanceNames.contains(instance)) {
                                // keepalived drops an unknown member and carries on
                                diagnostics.warning(member.position(), "vrrp_sync_group " + name + ": no vrrp_instance "
                                        + instance + "; left out");
                            } else if (elected.contains(instance)) {
                                // a group moves its members to MASTER together, which an election
                                // instance cannot follow without its key; left out as keepalived
                                // leaves out a member it cannot use, so the rest of the group runs
                                diagnostics.warning(member.position(), "vrrp_sync_group " + name + ": vrrp_instance "
                                        + instance + " uses election, which a sync group cannot make MASTER"
                                        + " without its key; left out");
                            } else if (groupOf.containsKey(instance)) {
                                diagnostics.error(member.position(), "vrrp_instance " + instance
                                        + " is already in vrrp_sync_group " + groupOf.get(instance));
                            } else {
                                groupOf.put(instance, name);
                                members.add(instance);
                            }
                        }
                    }
                }
                case "smtp_alert" -> smtpAlert = values.flag(n).orElse(smtpAlert);
                case "track_interface" -> trackInterfaces.addAll(tracking.interfaces(n));
                case "track_script" -> trackScripts.addAll(tracking.scripts(n));
                case "sync_group_tracking_weight" -> trackingWeight = true;
                case "global_tracking" -> {
                    diagnostics.warning(n.position(), "vrrp_sync_group " + name + ": global_tracking is deprecated;"
                            + " read as sync_group_tracking_weight");
                    trackingWeight = true;
                }
                case String k when NotifyOptionsBinder.KEYWORDS.contains(k) ->
                        notifyPriorityChanges = notifyOptions.group(n, notifyPriorityChanges, "vrrp_sync_group " + name);
                default -> OutOfScope.warn(diagnostics, n, " in vrrp_sync_group " + name);
            }
        }
        if (members.isEmpty()) {
            diagnostics.warning(block.position(), "vrrp_sync_group " + name + " has no instances; ignored");
            return Optional.empty();
        }
        return Optional.of(new SyncGroupConfig(name, members, notify[0], smtpAlert, trackInterfaces, trackScripts,
                trackingWeight, notifyPriorityChanges, tracked.build()));
    }
}
