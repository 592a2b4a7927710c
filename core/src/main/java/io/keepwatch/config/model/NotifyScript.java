package io.keepwatch.config.model;

import java.util.Objects;
import java.util.Optional;

/**
 * A {@code notify*} line: {@code notify_master SCRIPT [username [groupname]]}.
 *
 * @param command the program and its arguments
 * @param user the user to run it as; empty means {@code script_user} (or the default)
 * @param group the group to run it as; empty means the user's group
 */
public record NotifyScript(ScriptCommand command, Optional<String> user, Optional<String> group) {
    public NotifyScript {
        Objects.requireNonNull(command, "command");
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(group, "group");
    }
}
