package io.keepwatch.config.model;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * A {@code vrrp_script NAME} block.
 *
 * @param name the script name, as {@code track_script} names it
 * @param script {@code script}: the program and its arguments (required)
 * @param interval {@code interval}; default 1 s
 * @param timeout {@code timeout}; default the interval
 * @param weight {@code weight}, -254..254; default 0 (a failure means FAULT)
 * @param weightReverse {@code weight N reverse}: the weight applies on success
 * @param rise {@code rise}: successes before the script counts as up; default 1
 * @param fall {@code fall}: failures before the script counts as down; default 1
 * @param user {@code user USER [GROUP]}; empty means {@code script_user}
 * @param group the GROUP of {@code user}
 * @param initFail {@code init_fail}: the script starts as failed
 */
public record VrrpScriptConfig(String name, ScriptCommand script, Duration interval, Duration timeout, int weight,
                               boolean weightReverse, int rise, int fall, Optional<String> user,
                               Optional<String> group, boolean initFail) {
    public VrrpScriptConfig {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(script, "script");
        Objects.requireNonNull(interval, "interval");
        Objects.requireNonNull(timeout, "timeout");
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(group, "group");
    }
}
