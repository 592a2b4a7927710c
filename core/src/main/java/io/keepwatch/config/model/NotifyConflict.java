package io.keepwatch.config.model;

import java.util.Objects;
import java.util.Optional;

/**
 * {@code notify_conflict SCRIPT [USER [GROUP]]} (keepwatch's own; keepalived reports no address
 * conflicts): the script an instance runs when another station starts or stops claiming one of its
 * virtual addresses, with the arguments {@code INSTANCE NAME noticed|ended ADDRESS FOREIGN_MAC
 * OTHER_HOST} (the last empty while the other host's address is not known).
 *
 * @param script the script, if configured
 */
public record NotifyConflict(Optional<NotifyScript> script) {

    public static final NotifyConflict NONE = new NotifyConflict(Optional.empty());

    public NotifyConflict {
        Objects.requireNonNull(script, "script");
    }
}
