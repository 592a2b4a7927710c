package io.keepwatch.config.model;

import java.util.Objects;
import java.util.Optional;

/**
 * The {@code global_defs} keywords around the instances' life: notify FIFOs, start-up and shutdown
 * scripts, reloads.
 *
 * @param notifyFifo {@code notify_fifo} with {@code notify_fifo_script}
 * @param vrrpNotifyFifo {@code vrrp_notify_fifo} with {@code vrrp_notify_fifo_script} (dropped when
 *                       it names the same FIFO as {@code notify_fifo}, as keepalived does)
 * @param fifoWriteVrrpStatesOnReload {@code fifo_write_vrrp_states_on_reload}: a reload writes every
 *                                    instance's and group's state to the FIFOs
 * @param vrrpNotifyPriorityChanges {@code vrrp_notify_priority_changes}: priority changes go to the
 *                                  FIFOs, for instances and groups that do not say otherwise
 * @param startupScript {@code startup_script} with {@code startup_script_timeout}
 * @param shutdownScript {@code shutdown_script} with {@code shutdown_script_timeout}
 * @param reload the reload keywords
 * @param dataUseInstance {@code data_use_instance}: the state dump's file name carries the network
 *                        namespace keepwatch runs in
 */
public record Lifecycle(Optional<NotifyFifo> notifyFifo, Optional<NotifyFifo> vrrpNotifyFifo,
                        boolean fifoWriteVrrpStatesOnReload, boolean vrrpNotifyPriorityChanges,
                        Optional<TimedScript> startupScript, Optional<TimedScript> shutdownScript,
                        ReloadSettings reload, boolean dataUseInstance) {
    public static final Lifecycle DEFAULTS = new Lifecycle(Optional.empty(), Optional.empty(), false, false,
            Optional.empty(), Optional.empty(), ReloadSettings.DEFAULTS, false);

    public Lifecycle {
        Objects.requireNonNull(notifyFifo, "notifyFifo");
        Objects.requireNonNull(vrrpNotifyFifo, "vrrpNotifyFifo");
        Objects.requireNonNull(startupScript, "startupScript");
        Objects.requireNonNull(shutdownScript, "shutdownScript");
        Objects.requireNonNull(reload, "reload");
    }
}
