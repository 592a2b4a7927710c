package io.keepwatch.config.model;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * A {@code vrrp_track_process NAME { ... }} block: the processes of one name, counted against a
 * quorum.
 *
 * @param name the name {@code track_process} entries give
 * @param process {@code process PATH_OR_NAME [ARGS...]}: the command (required)
 * @param parameters the ARGS of {@code process}
 * @param paramMatch {@code param_match [initial|partial]}; EXACT when {@code process} has arguments
 * @param weight {@code weight N [reverse]}, -254..254; default 0 (no quorum means FAULT)
 * @param weightReverse {@code reverse} after the weight
 * @param quorum {@code quorum}: fewest processes that count as up, 1..65535; default 1 (0 with
 *               {@code quorum_max 0})
 * @param quorumMax {@code quorum_max}: most processes that count as up; {@link #NO_QUORUM_MAX} when
 *                  unbounded
 * @param forkDelay {@code fork_delay} (or {@code delay}): how long a gained quorum waits before it counts
 * @param terminateDelay {@code terminate_delay} (or {@code delay}): how long a lost quorum waits
 * @param fullCommand {@code full_command} (implied by arguments or {@code param_match}): match the
 *                    command line, not the process name the kernel keeps (at most 15 characters)
 */
public record TrackProcessConfig(String name, String process, List<String> parameters, ParamMatch paramMatch,
                                 int weight, boolean weightReverse, int quorum, int quorumMax,
                                 Duration forkDelay, Duration terminateDelay, boolean fullCommand) {
    public static final int NO_QUORUM_MAX = Integer.MAX_VALUE;

    public TrackProcessConfig {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(process, "process");
        parameters = List.copyOf(parameters);
        Objects.requireNonNull(paramMatch, "paramMatch");
        Objects.requireNonNull(forkDelay, "forkDelay");
        Objects.requireNonNull(terminateDelay, "terminateDelay");
    }

    /** How the arguments of {@code process} are compared with a command line's (keepalived's param_match). */
    public enum ParamMatch {
        /** only the command is compared */
        NONE,
        /** the arguments are exactly those given */
        EXACT,
        /** the command line's arguments start with those given */
        PARTIAL,
        /** like PARTIAL, the last given argument a prefix of the command line's */
        INITIAL
    }
}
