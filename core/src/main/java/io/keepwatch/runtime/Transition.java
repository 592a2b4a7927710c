package io.keepwatch.runtime;

import io.keepwatch.vrrp.VirtualAddress;
import io.keepwatch.vrrp.VrrpState;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One state change of one instance, as the outside world hears of it: logs, notify scripts,
 * notifier plugins and metrics.
 *
 * @param instance  the vrrp_instance name
 * @param syncGroup the vrrp_sync_group it belongs to, if any
 * @param from      the state it left
 * @param to        the state it entered
 * @param priority  its effective priority after the change
 * @param reason    why, in words (e.g. "master down timer expired")
 * @param time      when the VRRP thread handled it
 * @param vips      its virtual addresses
 */
public record Transition(String instance, Optional<String> syncGroup, VrrpState from, VrrpState to, int priority,
                         String reason, Instant time, List<VirtualAddress> vips) {

    public Transition {
        Objects.requireNonNull(instance, "instance");
        Objects.requireNonNull(syncGroup, "syncGroup");
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(time, "time");
        vips = List.copyOf(vips);
    }
}
