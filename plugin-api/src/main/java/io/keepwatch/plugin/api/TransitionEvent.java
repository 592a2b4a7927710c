package io.keepwatch.plugin.api;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A VRRP instance or sync group changed state. Handed to every {@link Notifier}, in order per
 * {@code (scope, name)}.
 *
 * @param scope whether {@code name} is a {@code vrrp_instance} or a {@code vrrp_sync_group}
 * @param name the instance or group name as configured
 * @param oldState the state left
 * @param newState the state entered
 * @param priority the instance's effective priority at the transition (0 for a group)
 * @param reason why, e.g. {@code "master down timer expired"} or {@code "tracker web down"}
 * @param time when the transition happened
 * @param routerId the {@code router_id} of this host ({@code global_defs}, else the host name)
 * @param vips the virtual addresses of the instance (of every member for a group), as configured
 */
public record TransitionEvent(Scope scope, String name, VrrpState oldState, VrrpState newState,
                              int priority, String reason, Instant time, String routerId,
                              List<String> vips) {

    public TransitionEvent {
        Objects.requireNonNull(scope, "scope");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(oldState, "oldState");
        Objects.requireNonNull(newState, "newState");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(time, "time");
        Objects.requireNonNull(routerId, "routerId");
        vips = List.copyOf(vips);
    }

    /** What a transition event is about. */
    public enum Scope {
        /** A {@code vrrp_instance}. */
        INSTANCE,
        /** A {@code vrrp_sync_group}. */
        GROUP
    }

    /**
     * The states of a VRRP router (RFC 5798 section 6.4: Initialize, Backup, Master) plus keepalived's
     * FAULT (a tracked resource is down), STOP (the daemon is stopping) and DELETED (removed at reload).
     */
    public enum VrrpState {
        /** RFC 5798 6.4.1 Initialize. */
        INIT,
        /** RFC 5798 6.4.2 Backup. */
        BACKUP,
        /** RFC 5798 6.4.3 Master. */
        MASTER,
        /** A tracked interface, script or check is down. */
        FAULT,
        /** The daemon is stopping. */
        STOP,
        /** The instance was removed by a configuration reload. */
        DELETED
    }
}
