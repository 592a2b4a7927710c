package io.keepwatch.script;

import io.keepwatch.linux.Libc;
import io.keepwatch.linux.NativeException;
import io.keepwatch.linux.UserDatabase;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Decides the user a script runs as, by keepalived's rules:
 *
 * <ol>
 *   <li>the script's own {@code user USER [GROUP]} (on a {@code vrrp_script}, or after a
 *       {@code notify*} command);</li>
 *   <li>else {@code global_defs { script_user USER [GROUP] }}; when that user or group does not
 *       exist, no script without a user of its own runs;</li>
 *   <li>else the user {@code keepalived_script} when it exists;</li>
 *   <li>else keepwatch's own user, except with {@code enable_script_security}: then no script
 *       without a user of its own runs, since it would run as root.</li>
 * </ol>
 *
 * Names are looked up through the C library (NSS), when the configuration is applied.
 */
public final class ScriptUsers {

    /** keepalived's default script user. */
    public static final String DEFAULT_USER = "keepalived_script";

    private final Optional<String> scriptUser;
    private final Optional<String> scriptGroup;
    private final boolean scriptSecurity;
    private final String defaultUser;

    /**
     * @param scriptUser {@code script_user}'s USER
     * @param scriptGroup {@code script_user}'s GROUP
     * @param scriptSecurity {@code enable_script_security}
     * @param defaultUser the user scripts run as when it exists and nothing else says
     *                    ({@link #DEFAULT_USER})
     */
    public ScriptUsers(Optional<String> scriptUser, Optional<String> scriptGroup, boolean scriptSecurity,
                       String defaultUser) {
        this.scriptUser = Objects.requireNonNull(scriptUser, "scriptUser");
        this.scriptGroup = Objects.requireNonNull(scriptGroup, "scriptGroup");
        this.scriptSecurity = scriptSecurity;
        this.defaultUser = Objects.requireNonNull(defaultUser, "defaultUser");
    }

    /** Whether {@code enable_script_security} is on. */
    public boolean scriptSecurity() {
        return scriptSecurity;
    }

    /**
     * The user a script with {@code user}/{@code group} of its own (both empty when it has none)
     * runs as.
     *
     * @throws ScriptRefused when the script must not run
     */
    public RunAs resolve(Optional<String> user, Optional<String> group) throws ScriptRefused {
        if (user.isPresent()) {
            return lookup(user.get(), group, "user");
        }
        if (scriptUser.isPresent()) {
            try {
                return lookup(scriptUser.get(), scriptGroup, "script_user");
            } catch (ScriptRefused e) {
                throw new ScriptRefused(e.getMessage() + "; scripts without a user of their own do not run");
            }
        }
        Optional<UserDatabase.User> fallback = find(defaultUser);
        if (fallback.isPresent()) {
            return new RunAs(defaultUser, fallback.get().uid(), fallback.get().gid());
        }
        if (scriptSecurity) {
            throw new ScriptRefused("enable_script_security is set, script_user is not and user " + defaultUser
                    + " does not exist: it would run as root (set script_user, or a user on the script)");
        }
        return self();
    }

    /** keepwatch's own effective user and group. */
    public static RunAs self() {
        return Self.RUN_AS;
    }

    // Looked up on first use: a configuration without scripts never pays for the downcalls.
    private static final class Self {
        static final RunAs RUN_AS = new RunAs(System.getProperty("user.name", "root"), Libc.geteuid(), Libc.getegid());
    }

    private static RunAs lookup(String user, Optional<String> group, String keyword) throws ScriptRefused {
        UserDatabase.User entry = find(user).orElseThrow(() -> new ScriptRefused(
                keyword + " " + user + " does not exist"));
        int gid = entry.gid();
        if (group.isPresent()) {
            OptionalInt found;
            try {
                found = UserDatabase.groupId(group.get());
            } catch (NativeException e) {
                throw new ScriptRefused("cannot look up group " + group.get() + " of " + keyword + ": " + e.getMessage());
            }
            gid = found.orElseThrow(() -> new ScriptRefused(
                    "group " + group.get() + " of " + keyword + " " + user + " does not exist"));
        }
        return new RunAs(user, entry.uid(), gid);
    }

    private static Optional<UserDatabase.User> find(String user) throws ScriptRefused {
        try {
            return UserDatabase.user(user);
        } catch (NativeException e) {
            throw new ScriptRefused("cannot look up user " + user + ": " + e.getMessage());
        }
    }
}
