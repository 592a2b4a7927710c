package io.keepwatch.plugin.api;

import java.util.List;
import java.util.Optional;

/**
 * keepwatch's script runner, for plugins that run programs ({@link PluginContext#scripts()}). A
 * script prepared here gets exactly what a keepalived {@code vrrp_script} gets:
 *
 * <ul>
 *   <li>the user of keepalived's rules: {@code user} when given, else {@code global_defs}'
 *       {@code script_user}, else {@code keepalived_script} when that user exists, else keepwatch's
 *       own user (none at all under {@code enable_script_security});</li>
 *   <li>keepalived's checks of the file: found (along {@code PATH} for a bare name), executable by
 *       that user and, when it runs as root, not changeable by another user
 *       ({@code enable_script_security});</li>
 *   <li>a process group of its own, killed as a whole when a run overstays its timeout.</li>
 * </ul>
 *
 * Prepare once, when the plugin binds its block; run as often as needed.
 */
public interface ScriptRunner {

    /** A runner for hosts that run no scripts: every {@link #prepare} fails. */
    ScriptRunner NONE = (at, argv, user, group) -> {
        throw new PluginConfigException(at, "this keepwatch host runs no scripts");
    };

    /**
     * Prepares a program and its arguments (already split into words) to run.
     *
     * @param at where the script is configured, for the error message
     * @param argv the program and its arguments
     * @param user the user to run as (keepalived's {@code user USER}); empty for the default
     * @param group the group to run as; empty for the user's primary group
     * @return the script, ready to run
     * @throws PluginConfigException naming {@code at} when keepalived would disable the script: an
     *     unknown user or group, a program not found or not executable, unsafe permissions under
     *     {@code enable_script_security}, or no user to run as
     */
    Script prepare(SourcePosition at, List<String> argv, Optional<String> user, Optional<String> group);
}
