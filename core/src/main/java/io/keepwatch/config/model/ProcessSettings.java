package io.keepwatch.config.model;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * How the daemon's process and its VRRP threads are scheduled, keepalived's process keywords of
 * {@code global_defs}. keepalived runs VRRP in a child process of its own; keepwatch runs it in
 * threads of its one process, so what keepalived sets on its VRRP process keepwatch sets on the
 * threads on the VRRP path (realtime priority) or on the whole process (nice, affinity, memory lock).
 *
 * @param rtPriority           {@code vrrp_rt_priority}: SCHED_RR at this priority (1..99) for the VRRP threads
 * @param nice                 {@code vrrp_priority}: the nice value (-20..19); as in keepalived, not applied
 *                             when {@code rtPriority} is set
 * @param noSwap               {@code vrrp_no_swap}: lock the process's pages in memory as they are used
 * @param cpuAffinity          {@code vrrp_cpu_affinity}: the CPUs the process may run on; empty: any
 * @param rlimitRttimeMicros   {@code vrrp_rlimit_rttime}: RLIMIT_RTTIME (hard limit; the soft one is half)
 *                             while a realtime priority is in force; default {@link #DEFAULT_RLIMIT_RTTIME}
 * @param maxAutoPriority      {@code max_auto_priority}: the highest realtime priority the VRRP threads are raised
 *                             to, one step each time the VRRP thread runs a timer late; 0: never raised
 * @param minAutoPriorityDelay {@code min_auto_priority_delay}: how late a timer must run for a raise; default 1 s
 * @param umask                {@code umask}: the file mode creation mask; empty: the one keepwatch was started with
 * @param processName          {@code process_name}: the process's name (its comm: ps, pgrep, top)
 * @param vrrpProcessName      {@code vrrp_process_name}, or {@code keepalived_vrrp} after {@code process_names}:
 *                             the name of the VRRP thread
 */
public record ProcessSettings(OptionalInt rtPriority, OptionalInt nice, boolean noSwap, List<Integer> cpuAffinity,
                              long rlimitRttimeMicros, int maxAutoPriority, Duration minAutoPriorityDelay,
                              OptionalInt umask, Optional<String> processName, Optional<String> vrrpProcessName) {

    /** keepalived's RT_RLIMIT_DEFAULT, in microseconds. */
    public static final long DEFAULT_RLIMIT_RTTIME = 10_000;
    /** The highest SCHED_RR priority on Linux (sched_get_priority_max). */
    public static final int MAX_RT_PRIORITY = 99;
    /** The longest name a thread or process gets (TASK_COMM_LEN less the terminating NUL). */
    public static final int MAX_NAME_LENGTH = 15;

    public static final ProcessSettings DEFAULTS = new ProcessSettings(OptionalInt.empty(), OptionalInt.empty(),
            false, List.of(), DEFAULT_RLIMIT_RTTIME, 0, Duration.ofSeconds(1), OptionalInt.empty(), Optional.empty(),
            Optional.empty());

    public ProcessSettings {
        Objects.requireNonNull(rtPriority, "rtPriority");
        Objects.requireNonNull(nice, "nice");
        cpuAffinity = cpuAffinity.stream().distinct().sorted().toList();
        Objects.requireNonNull(minAutoPriorityDelay, "minAutoPriorityDelay");
        Objects.requireNonNull(umask, "umask");
        Objects.requireNonNull(processName, "processName");
        Objects.requireNonNull(vrrpProcessName, "vrrpProcessName");
        rtPriority.ifPresent(p -> check(p >= 1 && p <= MAX_RT_PRIORITY, "vrrp_rt_priority " + p + " not in 1..99"));
        nice.ifPresent(n -> check(n >= -20 && n <= 19, "vrrp_priority " + n + " not in -20..19"));
        cpuAffinity.forEach(c -> check(c >= 0, "vrrp_cpu_affinity " + c + " is negative"));
        check(rlimitRttimeMicros >= 2, "vrrp_rlimit_rttime " + rlimitRttimeMicros + " below 2");
        check(maxAutoPriority >= 0 && maxAutoPriority <= MAX_RT_PRIORITY,
                "max_auto_priority " + maxAutoPriority + " not in 0..99");
        check(minAutoPriorityDelay.isPositive(), "min_auto_priority_delay must be positive");
        umask.ifPresent(m -> check((m & ~0777) == 0, "umask " + Integer.toOctalString(m) + " has bits beyond 0777"));
        processName.ifPresent(n -> check(!n.isEmpty() && n.length() <= MAX_NAME_LENGTH, "process_name '" + n + "'"));
        vrrpProcessName.ifPresent(n -> check(!n.isEmpty() && n.length() <= MAX_NAME_LENGTH,
                "vrrp_process_name '" + n + "'"));
    }

    private static void check(boolean condition, String message) {
        if (!condition) {
            throw new IllegalArgumentException(message);
        }
    }
}
