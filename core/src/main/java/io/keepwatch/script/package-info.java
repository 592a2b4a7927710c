/**
 * Scripts, run as keepalived runs them: {@code vrrp_script} checks, the notify scripts, and the
 * programs plugins run through {@link io.keepwatch.plugin.api.ScriptRunner}.
 *
 * <ul>
 *   <li>{@link io.keepwatch.script.ScriptUsers}: who a script runs as ({@code user},
 *       {@code script_user}, {@code keepalived_script}, or no one under
 *       {@code enable_script_security}).</li>
 *   <li>{@link io.keepwatch.script.ScriptSecurity}: found, executable, and not changeable by a
 *       non-root user when it runs as root.</li>
 *   <li>{@link io.keepwatch.script.ScriptPolicy}: the two together; makes a
 *       {@link io.keepwatch.script.PreparedScript}, which runs in a process group of its own,
 *       killed as a whole on timeout.</li>
 *   <li>{@link io.keepwatch.script.ConfiguredScripts}: every script of a configuration, prepared
 *       when it is applied; the disabled ones left out with the reason.</li>
 * </ul>
 */
package io.keepwatch.script;
