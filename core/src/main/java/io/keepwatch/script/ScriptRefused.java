package io.keepwatch.script;

/**
 * A script that must not run, for a reason keepalived also disables a script for: its user or
 * group does not exist, it cannot be found or executed, or {@code enable_script_security} finds it
 * changeable by a non-root user. The message says why, without the script's name (the caller adds
 * it).
 */
public final class ScriptRefused extends Exception {

    public ScriptRefused(String message) {
        super(message, null, false, false);
    }
}
