package io.keepwatch.config.bind;

import io.keepwatch.config.model.NotifyConflict;
import io.keepwatch.plugin.api.ConfigNode;
import java.util.Optional;

/**
 * Binds {@code notify_conflict SCRIPT [USER [GROUP]]} of an instance, read as keepalived reads its
 * other notify scripts: a later line replaces an earlier one.
 */
final class NotifyConflictBinder {

    static final String KEYWORD = "notify_conflict";

    private final Values values;

    NotifyConflictBinder(Values values) {
        this.values = values;
    }

    NotifyConflict instance(ConfigNode n, NotifyConflict before) {
        return Tracking.notifyScript(values, n).map(s -> new NotifyConflict(Optional.of(s))).orElse(before);
    }
}
