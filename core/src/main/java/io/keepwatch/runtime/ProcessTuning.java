package io.keepwatch.runtime;

import io.keepwatch.config.model.ProcessSettings;
import io.keepwatch.linux.Constants;
import io.keepwatch.linux.Libc;
import io.keepwatch.linux.NativeException;
import io.keepwatch.linux.RealtimeThreads;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sun.misc.Signal;

/**
 * Applies the process keywords of {@code global_defs} ({@link ProcessSettings}) as keepalived applies
 * them to its VRRP process, at start and at each reload; what a reload drops goes back to what the
 * daemon started with. Every failure is a warning and the daemon runs on, as keepalived does.
 *
 * <ul>
 *   <li>{@code vrrp_rt_priority}: SCHED_RR for the threads on the VRRP path ({@link RealtimeThreads}), at
 *       {@link #DEFAULT_RT_PRIORITY} when it is not set,
 *       with RLIMIT_RTTIME (soft: half of {@code vrrp_rlimit_rttime}, which warns with SIGXCPU; hard: all
 *       of it, which kills a thread spinning at realtime priority, keepalived's guard against a hung box);
 *   <li>{@code max_auto_priority}: a VRRP timer run more than {@code min_auto_priority_delay} late raises
 *       that priority a step (from the lowest, 1, when none was set), up to the maximum;
 *   <li>{@code vrrp_priority} (nice), {@code vrrp_cpu_affinity}: every thread of the process, which the
 *       threads it starts later inherit (keepalived's VRRP process is single-threaded);
 *   <li>{@code vrrp_no_swap}: mlockall with MCL_ONFAULT, as keepalived: pages are locked as they are used,
 *       so the heap the JVM reserves but never touches is neither locked nor made resident;
 *   <li>{@code umask}, {@code process_name} (the process's comm), {@code vrrp_process_name} (the VRRP thread's).
 * </ul>
 */
final class ProcessTuning {

    private static final Logger LOG = LoggerFactory.getLogger(ProcessTuning.class);
    private static final Path SELF = Path.of("/proc/self");
    static final String VRRP_THREAD_NAME = "keepwatch-vrrp";
    /**
     * The least RLIMIT_RTTIME keepwatch sets, in microseconds. keepalived's default, 10 ms, suits a C
     * process; the JVM's VRRP thread loads and interprets classes before the compiler has made them
     * fast, for longer than that between two blocking calls, and the kernel kills a process whose
     * realtime thread reaches the hard limit.
     */
    static final long RTTIME_FLOOR_MICROS = 500_000;
    /**
     * The realtime priority of the VRRP threads when {@code vrrp_rt_priority} is not set, where
     * keepalived leaves its VRRP process at the normal policy. On a host whose CPUs are all busy, a
     * master at the normal policy sends its adverts late, tens of milliseconds at times, and its
     * backup rightly takes over although nothing failed (docs/benchmarks.md, false takeovers). The
     * lowest realtime priority already goes before every thread at the normal policy and after
     * every other realtime task; the VRRP threads block between adverts, and RLIMIT_RTTIME still
     * guards against one that would not.
     */
    static final int DEFAULT_RT_PRIORITY = 1;

    private final VrrpLoop loop;
    private ProcessSettings current = ProcessSettings.DEFAULTS;
    /** What the process had before this changed it, read when first changed. */
    private OptionalInt originalUmask = OptionalInt.empty();
    private Optional<String> originalName = Optional.empty();
    private Optional<BitSet> originalAffinity = Optional.empty();
    private OptionalInt originalNice = OptionalInt.empty();
    private Optional<long[]> originalRttime = Optional.empty();
    private boolean locked;
    /** Whether the VRRP threads' policy has been set once (the default applies from the first call). */
    private boolean realtimeSet;
    private boolean xcpuHandled;
    /** The realtime priority in force, configured or raised since (0: none); VRRP thread only after start. */
    private int autoCeiling;

    ProcessTuning(VrrpLoop loop) {
        this.loop = loop;
    }

    /** Applies {@code next}; the first call is at start, before the VRRP thread starts. */
    synchronized void apply(ProcessSettings next) {
        ProcessSettings previous = current;
        current = next;
        umask(previous, next);
        processName(previous, next);
        vrrpThreadName(previous, next);
        affinity(previous, next);
        nice(previous, next);
        realtime(previous, next);
        memoryLock(next);
        autoPriority(next);
    }

    private void umask(ProcessSettings previous, ProcessSettings next) {
        if (next.umask().equals(previous.umask())) {
            return;
        }
        int mask = next.umask().orElseGet(() -> originalUmask.orElse(-1));
        if (mask < 0) {
            return;
        }
        int old = Libc.umask(mask);
        if (originalUmask.isEmpty()) {
            originalUmask = OptionalInt.of(old);
        }
        LOG.info("umask {}", String.format("%04o", mask));
    }

    private void processName(ProcessSettings previous, ProcessSettings next) {
        if (next.processName().equals(previous.processName())) {
            return;
        }
        Optional<String> name = next.processName().or(() -> originalName);
        if (name.isEmpty()) {
            return;
        }
        // The process's name is its main thread's, which is not a thread of keepwatch's: prctl only
        // names the calling thread, and the kernel lets a thread name another of its process through
        // /proc instead.
        Path comm = SELF.resolve("comm");
        try {
            if (originalName.isEmpty()) {
                originalName = Optional.of(Files.readString(comm).strip());
            }
            Files.writeString(comm, name.get());
            LOG.info("process name {}", name.get());
        } catch (IOException e) {
            LOG.warn("cannot set the process name to {}: {}", name.get(), e.toString());
        }
    }

    private void vrrpThreadName(ProcessSettings previous, ProcessSettings next) {
        if (next.vrrpProcessName().equals(previous.vrrpProcessName())) {
            return;
        }
        String name = next.vrrpProcessName().orElse(VRRP_THREAD_NAME);
        // keepwatch runs VRRP in a thread of its one process, not in a process of its own: the name
        // keepalived gives that process goes to the thread (ps -L, top -H); only it can name itself.
        loop.execute(() -> {
            try {
                Libc.setThreadName(name);
            } catch (NativeException e) {
                LOG.warn("cannot name the VRRP thread {}: {}", name, e.getMessage());
            }
        });
    }

    private void affinity(ProcessSettings previous, ProcessSettings next) {
        if (next.cpuAffinity().equals(previous.cpuAffinity())) {
            return;
        }
        BitSet cpus;
        if (next.cpuAffinity().isEmpty()) {
            if (originalAffinity.isEmpty()) {
                return;
            }
            cpus = originalAffinity.get();
        } else {
            Optional<BitSet> wanted = usableCpus(next.cpuAffinity());
            if (wanted.isEmpty()) {
                return;
            }
            cpus = wanted.get();
            if (originalAffinity.isEmpty()) {
                originalAffinity = readCpuList("Cpus_allowed_list");
            }
        }
        eachThread("vrrp_cpu_affinity " + cpus.stream().mapToObj(String::valueOf).toList(),
                tid -> Libc.schedSetaffinity(tid, cpus, "cannot set the CPU affinity of thread " + tid));
    }

    /** The configured CPUs that are online; a warning names the others (keepalived refuses them). */
    private static Optional<BitSet> usableCpus(List<Integer> configured) {
        BitSet online;
        try {
            online = cpuList(Files.readString(Path.of("/sys/devices/system/cpu/online")).strip());
        } catch (IOException | RuntimeException e) {
            online = null;
        }
        BitSet wanted = new BitSet();
        List<Integer> offline = new ArrayList<>();
        for (int cpu : configured) {
            if (online == null || online.get(cpu)) {
                wanted.set(cpu);
            } else {
                offline.add(cpu);
            }
        }
        if (!offline.isEmpty()) {
            LOG.warn("vrrp_cpu_affinity: CPU {} {} not online (online: {}){}", offline, offline.size() > 1 ? "are" : "is",
                    online == null ? "?" : online.stream().mapToObj(String::valueOf).toList(),
                    wanted.isEmpty() ? "; the CPU affinity is left as it is" : "; left out");
        }
        return wanted.isEmpty() ? Optional.empty() : Optional.of(wanted);
    }

    private void nice(ProcessSettings previous, ProcessSettings next) {
        // keepalived sets the nice value only without a realtime priority
        OptionalInt wanted = next.rtPriority().isPresent() ? OptionalInt.empty() : next.nice();
        OptionalInt had = previous.rtPriority().isPresent() ? OptionalInt.empty() : previous.nice();
        if (wanted.equals(had)) {
            return;
        }
        if (originalNice.isEmpty()) {
            originalNice = readNice();
        }
        OptionalInt nice = wanted.isPresent() ? wanted : originalNice;
        if (nice.isEmpty()) {
            return;
        }
        int value = nice.getAsInt();
        eachThread("vrrp_priority " + value, tid -> Libc.setpriority(tid, value, "cannot set the nice value of thread "
                + tid + " to " + value + (value < 0 ? " (lowering it needs CAP_SYS_NICE)" : "")));
    }

    private void realtime(ProcessSettings previous, ProcessSettings next) {
        if (realtimeSet && next.rtPriority().equals(previous.rtPriority())
                && next.rlimitRttimeMicros() == previous.rlimitRttimeMicros()) {
            return;
        }
        realtimeSet = true;
        int wanted = next.rtPriority().orElse(DEFAULT_RT_PRIORITY);
        autoCeiling = wanted;
        setRealtime(wanted, next.rlimitRttimeMicros(), next.rtPriority().isPresent());
    }

    /**
     * SCHED_RR at {@code priority} (0: the normal policy) with its RLIMIT_RTTIME. A failure is a
     * warning when the operator asked for it ({@code configured}); keepwatch's own default that
     * cannot be had (no CAP_SYS_NICE, a container's cgroup without realtime time) is only noted.
     */
    private void setRealtime(int priority, long rttimeMicros, boolean configured) {
        List<NativeException> failures = RealtimeThreads.setPriority(priority);
        if (!configured && !failures.isEmpty()) {
            LOG.info("the VRRP threads keep the normal policy (realtime priority {} refused: {})", priority,
                    failures.getFirst().getMessage());
            RealtimeThreads.setPriority(0);
            return;
        }
        failures.forEach(e -> LOG.warn("{}{}", e.getMessage(),
                e.errno() == 1 ? " (needs CAP_SYS_NICE)" : ""));
        if (priority > 0) {
            long limit = rtTimeLimit(rttimeMicros);
            if (failures.isEmpty()) {
                LOG.info("VRRP threads at realtime priority {} (SCHED_RR), RLIMIT_RTTIME {} us", priority, limit);
            }
        } else if (originalRttime.isPresent()) {
            long[] limit = originalRttime.get();
            try {
                Libc.setrlimit(Constants.RLIMIT_RTTIME, limit[0], limit[1], "cannot restore RLIMIT_RTTIME");
            } catch (NativeException e) {
                LOG.warn("{}", e.getMessage());
            }
        }
    }

    /** Sets RLIMIT_RTTIME from {@code configured}, raised to the floor; returns the hard limit set. */
    private long rtTimeLimit(long configured) {
        long micros = Math.max(configured, RTTIME_FLOOR_MICROS);
        if (micros != configured && configured != ProcessSettings.DEFAULT_RLIMIT_RTTIME) {
            LOG.warn("vrrp_rlimit_rttime {} us is below the {} us keepwatch needs (its VRRP thread runs Java code"
                    + " that the kernel would kill it for); {} us is used", configured, RTTIME_FLOOR_MICROS, micros);
        }
        if (originalRttime.isEmpty()) {
            originalRttime = readRttime();
        }
        if (!xcpuHandled) {
            // The soft limit sends SIGXCPU, which would end the JVM: it is a warning, as in keepalived.
            xcpuHandled = true;
            try {
                Signal.handle(new Signal("XCPU"), s -> LOG.warn("a realtime VRRP thread ran {} us without"
                        + " blocking (half of vrrp_rlimit_rttime); at {} us the kernel kills keepwatch", micros / 2, micros));
            } catch (IllegalArgumentException e) {
                LOG.warn("cannot handle SIGXCPU: {}", e.getMessage());
            }
        }
        try {
            Libc.setrlimit(Constants.RLIMIT_RTTIME, micros / 2, micros, "cannot set RLIMIT_RTTIME to " + micros + " us");
        } catch (NativeException e) {
            LOG.warn("{}", e.getMessage());
        }
        return micros;
    }

    private void memoryLock(ProcessSettings next) {
        if (next.noSwap() == locked) {
            return;
        }
        try {
            if (next.noSwap()) {
                Libc.mlockall(Constants.MCL_CURRENT | Constants.MCL_FUTURE | Constants.MCL_ONFAULT,
                        "cannot lock keepwatch in memory (vrrp_no_swap)");
                LOG.info("vrrp_no_swap: pages are locked in memory as they are used");
            } else {
                Libc.munlockall("cannot unlock keepwatch's memory");
            }
            locked = next.noSwap();
        } catch (NativeException e) {
            LOG.warn("{}{}", e.getMessage(), e.errno() == 1 ? " (needs CAP_IPC_LOCK, or a higher RLIMIT_MEMLOCK)"
                    : e.errno() == 12 ? " (RLIMIT_MEMLOCK is too low; LimitMEMLOCK=infinity in the unit)" : "");
        }
    }

    private void autoPriority(ProcessSettings next) {
        if (next.maxAutoPriority() == 0) {
            loop.onLateTimers(null);
            return;
        }
        Duration delay = next.minAutoPriorityDelay();
        loop.onLateTimers(new VrrpLoop.LateTimers(delay.toNanos(), this::timerLate));
    }

    /** On the VRRP thread: keepalived's reaction to a timer run late, one step up. */
    private synchronized void timerLate(long lateNanos) {
        ProcessSettings settings = current;
        int ceiling = autoCeiling;
        if (ceiling >= settings.maxAutoPriority()) {
            return;
        }
        int raised = ceiling == 0 ? 1 : ceiling + 1;
        autoCeiling = raised;
        LOG.info("a VRRP timer ran {} s after it fell due; realtime priority raised to {} (max_auto_priority {})",
                String.format("%.6f", lateNanos / 1e9), raised, settings.maxAutoPriority());
        setRealtime(raised, settings.rlimitRttimeMicros(), true);
    }

    @FunctionalInterface
    private interface ThreadCall {
        void call(int tid) throws NativeException;
    }

    /**
     * Calls {@code call} for every thread of the process; twice over, so that a thread started
     * meanwhile by one not yet changed is changed too (threads inherit nice and affinity).
     */
    private static void eachThread(String what, ThreadCall call) {
        List<String> failures = new ArrayList<>();
        for (int round = 0; round < 2; round++) {
            for (int tid : threadIds()) {
                try {
                    call.call(tid);
                } catch (NativeException e) {
                    if (e.errno() != 3 && round == 1) { // ESRCH: the thread ended meanwhile
                        failures.add(e.getMessage());
                    }
                }
            }
        }
        if (failures.isEmpty()) {
            LOG.info("{}", what);
        } else {
            LOG.warn("{}: {} thread(s) unchanged: {}", what, failures.size(), failures.getFirst());
        }
    }

    private static List<Integer> threadIds() {
        try (Stream<Path> tasks = Files.list(SELF.resolve("task"))) {
            return tasks.map(p -> p.getFileName().toString()).filter(n -> n.chars().allMatch(Character::isDigit))
                    .map(Integer::valueOf).toList();
        } catch (IOException e) {
            LOG.warn("cannot list the process's threads: {}", e.toString());
            return List.of();
        }
    }

    /** A kernel CPU list such as {@code 0-3,8,10-11}. */
    static BitSet cpuList(String text) {
        BitSet cpus = new BitSet();
        for (String part : text.split(",")) {
            if (part.isBlank()) {
                continue;
            }
            int dash = part.indexOf('-');
            int from = Integer.parseInt(part.substring(0, dash < 0 ? part.length() : dash).strip());
            int to = dash < 0 ? from : Integer.parseInt(part.substring(dash + 1).strip());
            cpus.set(from, to + 1);
        }
        return cpus;
    }

    private static Optional<BitSet> readCpuList(String field) {
        try {
            for (String line : Files.readAllLines(SELF.resolve("status"))) {
                if (line.startsWith(field + ":")) {
                    return Optional.of(cpuList(line.substring(field.length() + 1).strip()));
                }
            }
        } catch (IOException | RuntimeException e) {
            LOG.debug("cannot read {}: {}", field, e.toString());
        }
        return Optional.empty();
    }

    /** The nice value, field 19 of /proc/self/stat (after the parenthesised name, which may hold spaces). */
    private static OptionalInt readNice() {
        try {
            String stat = Files.readString(SELF.resolve("stat"));
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return OptionalInt.of(Integer.parseInt(fields[16]));
        } catch (IOException | RuntimeException e) {
            LOG.debug("cannot read the nice value: {}", e.toString());
            return OptionalInt.empty();
        }
    }

    /** RLIMIT_RTTIME as it is, from /proc/self/limits ("unlimited" is RLIM_INFINITY, -1). */
    private static Optional<long[]> readRttime() {
        try {
            for (String line : Files.readAllLines(SELF.resolve("limits"))) {
                if (line.startsWith("Max realtime timeout")) {
                    String[] words = line.substring("Max realtime timeout".length()).strip().split("\\s+");
                    return Optional.of(new long[] {limit(words[0]), limit(words[1])});
                }
            }
        } catch (IOException | RuntimeException e) {
            LOG.debug("cannot read RLIMIT_RTTIME: {}", e.toString());
        }
        return Optional.empty();
    }

    private static long limit(String word) {
        return word.equals("unlimited") ? -1 : Long.parseLong(word);
    }
}
