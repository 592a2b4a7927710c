package io.keepwatch.vrrp;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

/**
 * A vrrp_sync_group: instances that change state together (keepalived vrrp_sync.c). Pure, like
 * {@link VrrpInstance}: events for members go through {@link #onEvent}, which returns one result per
 * member (every member's deadline may have moved).
 *
 * <pre>
 * trigger (one member)                      effect on the other members
 * ----------------------------------------- ---------------------------------------------------------
 * start                                     a member with a fault holds every member in FAULT; a group
 *                                           of address owners configured MASTER starts as MASTER
 * enters FAULT                              MASTER: SendAdvert(0), RemoveVips, Notify; BACKUP: Notify;
 *                                           all FAULT (a member whose own faults clear stays in FAULT
 *                                           while any member still has a fault of its own)
 * leaves FAULT (no member has a fault)      every other FAULT member leaves FAULT to BACKUP
 * down timer expires                        it becomes MASTER only when the group is MASTER or every
 *                                           other member wants MASTER (its own down timer expired, or
 *                                           state MASTER in config); else it waits another MDI
 * becomes MASTER                            every BACKUP member becomes MASTER
 * leaves MASTER for BACKUP                  every MASTER member leaves MASTER (no priority 0) to BACKUP
 * </pre>
 */
public final class SyncGroup implements VrrpInstance.SyncGate {

    private final String name;
    private final List<VrrpInstance> members;
    private final Map<String, VrrpInstance> byName = new LinkedHashMap<>();
    private VrrpState groupState;

    /**
     * Creates a group of instances that have not started yet.
     *
     * @throws IllegalArgumentException if there are no members, names repeat, or a member has started
     */
    public SyncGroup(String name, List<VrrpInstance> members) {
        this.name = name;
        this.members = List.copyOf(members);
        if (this.members.isEmpty()) {
            throw new IllegalArgumentException("sync group " + name + " has no members");
        }
        for (VrrpInstance member : this.members) {
            if (byName.put(member.name(), member) != null) {
                throw new IllegalArgumentException("sync group " + name + ": instance " + member.name() + " listed twice");
            }
            if (member.state() != VrrpState.INIT) {
                throw new IllegalArgumentException("sync group " + name + ": instance " + member.name()
                        + " already started (state " + member.state() + ")");
            }
            member.joinSyncGroup(this);
        }
        // keepalived (vrrp_sync_set_group): a group of address owners configured MASTER starts as MASTER
        boolean allOwnersMaster = true;
        for (VrrpInstance member : this.members) {
            allOwnersMaster &= member.spec().basePriority() == InstanceSpec.PRIORITY_OWNER
                    && member.spec().initialState() == VrrpState.MASTER;
        }
        groupState = allOwnersMaster ? VrrpState.MASTER : VrrpState.BACKUP;
    }

    /** The group name. */
    public String name() {
        return name;
    }

    /** The members, in configuration order. */
    public List<VrrpInstance> members() {
        return members;
    }

    /** The group's state: the state its members were last moved to together. */
    public VrrpState state() {
        return groupState;
    }

    /** Starts every member, in order; one result per member with all of its actions from the start-up. */
    public List<VrrpResult> startAll(long nowNanos) {
        Map<String, List<VrrpAction>> actions = new LinkedHashMap<>();
        List<VrrpResult> last = List.of();
        for (VrrpInstance member : members) {
            last = onEvent(member.name(), VrrpEvent.START, nowNanos);
            for (VrrpResult r : last) {
                actions.computeIfAbsent(r.instance(), k -> new ArrayList<>()).addAll(r.actions());
            }
        }
        List<VrrpResult> results = new ArrayList<>(members.size());
        for (VrrpResult r : last) {
            results.add(new VrrpResult(r.instance(), actions.get(r.instance()), r.nextDeadlineNanos()));
        }
        return results;
    }

    /**
     * Handles an event for one member and moves the others along. Returns one result per member, in
     * member order; the actions of each member are in the order to perform them, and members' actions
     * should be performed in the returned order.
     */
    public List<VrrpResult> onEvent(String instance, VrrpEvent event, long nowNanos) {
        VrrpInstance member = byName.get(instance);
        if (member == null) {
            throw new IllegalArgumentException("sync group " + name + " has no instance named '" + instance
                    + "'; members: " + byName.keySet());
        }
        VrrpState before = member.state();
        VrrpResult first = member.onEvent(event, nowNanos);
        Map<VrrpInstance, List<VrrpAction>> out = new LinkedHashMap<>();
        for (VrrpInstance m : members) {
            out.put(m, new ArrayList<>());
        }
        out.get(member).addAll(first.actions());
        VrrpState after = member.state();
        if (after != before) {
            String why = "sync group " + name + ": instance " + member.name() + " entered " + after;
            switch (after) {
                case FAULT -> {
                    groupState = VrrpState.FAULT;
                    for (VrrpInstance other : others(member)) {
                        other.syncToFault(nowNanos, why, out.get(other));
                    }
                }
                case MASTER -> {
                    groupState = VrrpState.MASTER;
                    for (VrrpInstance other : others(member)) {
                        if (other.state() != VrrpState.MASTER) {
                            other.syncToMaster(nowNanos, why, out.get(other));
                        }
                    }
                }
                case BACKUP -> {
                    groupState = VrrpState.BACKUP;
                    for (VrrpInstance other : others(member)) {
                        if (other.state() != VrrpState.BACKUP) {
                            other.syncToBackup(nowNanos, why, out.get(other));
                        }
                    }
                }
                case INIT -> {
                    // a member shut down; the others run on until they are shut down too
                }
            }
        }
        List<VrrpResult> results = new ArrayList<>(members.size());
        for (VrrpInstance m : members) {
            results.add(m.resultWith(out.get(m)));
        }
        return results;
    }

    /** The earliest deadline of any member. */
    public OptionalLong nextDeadline() {
        OptionalLong min = OptionalLong.empty();
        for (VrrpInstance m : members) {
            OptionalLong d = m.nextDeadline();
            if (d.isPresent() && (min.isEmpty() || d.getAsLong() - min.getAsLong() < 0)) {
                min = d;
            }
        }
        return min;
    }

    @Override
    public boolean mayBecomeMaster(VrrpInstance member) {
        if (groupState == VrrpState.MASTER) {
            return true;
        }
        // keepalived prefers BACKUP to thrashing: only go when everyone wants to
        for (VrrpInstance other : others(member)) {
            if (!other.wantsMaster() || other.state() == VrrpState.FAULT) {
                return false;
            }
        }
        return true;
    }

    @Override
    public boolean mayLeaveFault(VrrpInstance member) {
        for (VrrpInstance m : members) {
            if (m.hasOwnFault()) {
                return false;
            }
        }
        return true;
    }

    private List<VrrpInstance> others(VrrpInstance member) {
        List<VrrpInstance> others = new ArrayList<>(members.size() - 1);
        for (VrrpInstance m : members) {
            if (m != member) {
                others.add(m);
            }
        }
        return others;
    }
}
