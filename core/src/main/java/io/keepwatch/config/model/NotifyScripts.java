package io.keepwatch.config.model;

import java.util.Objects;
import java.util.Optional;

/**
 * The notify scripts of an instance or sync group: {@code notify} gets every transition (with the
 * type, name and new state as arguments, as keepalived passes them), the others one state each.
 */
public record NotifyScripts(Optional<NotifyScript> any, Optional<NotifyScript> master,
                            Optional<NotifyScript> backup, Optional<NotifyScript> fault,
                            Optional<NotifyScript> stop) {
    public static final NotifyScripts NONE = new NotifyScripts(Optional.empty(), Optional.empty(),
            Optional.empty(), Optional.empty(), Optional.empty());

    /** Whether no script is set (written out: a record's generated equals costs a class at its first call). */
    public boolean isEmpty() {
        return any.isEmpty() && master.isEmpty() && backup.isEmpty() && fault.isEmpty() && stop.isEmpty();
    }

    public NotifyScripts {
        Objects.requireNonNull(any, "any");
        Objects.requireNonNull(master, "master");
        Objects.requireNonNull(backup, "backup");
        Objects.requireNonNull(fault, "fault");
        Objects.requireNonNull(stop, "stop");
    }
}
