package io.keepwatch.config.bind;

import io.keepwatch.config.model.NotifyOptions;
import io.keepwatch.config.model.NotifyScript;
import io.keepwatch.plugin.api.ConfigNode;
import java.util.Optional;
import java.util.Set;

/** Binds {@code notify_deleted} and {@code notify_priority_changes} of an instance or a sync group. */
final class NotifyOptionsBinder {

    static final Set<String> KEYWORDS = Set.of("notify_deleted", "notify_priority_changes");

    private final Values values;

    NotifyOptionsBinder(Values values) {
        this.values = values;
    }

    /** One line of an instance's block applied to {@code before}. */
    NotifyOptions instance(ConfigNode n, NotifyOptions before, String label) {
        if (n.keyword().equals("notify_priority_changes")) {
            return values.flag(n).map(b -> new NotifyOptions(before.deleted(), before.deletedScript(), Optional.of(b)))
                    .orElse(before);
        }
        if (before.deleted()) {
            values.diagnostics().warning(n.position(), label + ": notify_deleted already specified; ignored");
            return before;
        }
        Optional<NotifyScript> script = n.arguments().isEmpty() ? Optional.empty() : Tracking.notifyScript(values, n);
        return new NotifyOptions(true, script, before.priorityChanges());
    }

    /**
     * One line of a sync group's block: {@code notify_priority_changes} sets the members' default.
     * keepalived 2.2 has {@code notify_deleted} for instances only: a group is not notified when a
     * reload removes it.
     */
    Optional<Boolean> group(ConfigNode n, Optional<Boolean> before, String label) {
        if (n.keyword().equals("notify_deleted")) {
            values.diagnostics().warning(n.position(), label + ": notify_deleted applies to a vrrp_instance only"
                    + " (keepalived notifies no sync group of its removal); ignored");
            return before;
        }
        return values.flag(n).or(() -> before);
    }
}
