package io.keepwatch.check.script;

import java.util.Objects;
import java.util.Optional;

/**
 * The user (and optionally group) a script runs as: keepalived's {@code user USER [GROUP]} in a
 * script block, or {@code script_user USER [GROUP]} in {@code global_defs}.
 *
 * @param user the user name
 * @param group the group name; the user's primary group when empty
 */
public record RunAs(String user, Optional<String> group) {

    public RunAs {
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(group, "group");
    }
}
