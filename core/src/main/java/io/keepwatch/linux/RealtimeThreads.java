package io.keepwatch.linux;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The threads that run at a realtime priority when one is configured: those on the VRRP path (the
 * thread that runs the state machines and the threads that receive adverts). keepalived runs its
 * VRRP process under SCHED_RR; keepwatch gives the policy to these threads only, so that the JVM's
 * other threads (the garbage collector, the compiler, checks, the HTTP endpoint) cannot starve the
 * machine.
 *
 * <p>A thread enrols itself as it starts ({@link #enrol}), since only it can learn its own thread
 * id, and takes the priority in force then; a later {@link #setPriority} reaches every enrolled
 * thread. SCHED_RESET_ON_FORK keeps the threads these ones start at the normal policy.
 *
 * <p>Scheduling is a property of the process, so this registry is one for the process.
 */
public final class RealtimeThreads {

    /** Enrolled threads by thread id, with their names for messages. */
    private static final Map<Integer, String> ENROLLED = new LinkedHashMap<>();
    /** The SCHED_RR priority in force; 0: SCHED_OTHER. */
    private static int priority;

    private RealtimeThreads() {}

    /**
     * Enrols the calling thread, and gives it the priority in force.
     *
     * @return the thread id, to pass to {@link #leave}
     * @throws NativeException when the priority in force could not be given to it (it stays enrolled)
     */
    public static int enrol() throws NativeException {
        int tid = Libc.gettid();
        synchronized (ENROLLED) {
            ENROLLED.put(tid, Thread.currentThread().getName());
            if (priority > 0) {
                apply(tid, Thread.currentThread().getName(), priority);
            }
        }
        return tid;
    }

    /** Forgets a thread that ends (its id may be reused by another). */
    public static void leave(int tid) {
        synchronized (ENROLLED) {
            ENROLLED.remove(tid);
        }
    }

    /** The SCHED_RR priority in force, 0 for none. */
    public static int priority() {
        synchronized (ENROLLED) {
            return priority;
        }
    }

    /**
     * Gives every enrolled thread, and those that enrol later, SCHED_RR at {@code newPriority}, or
     * the normal policy for 0.
     *
     * @return one failure per thread that could not be changed (e.g. EPERM without CAP_SYS_NICE); the
     *         priority is in force for the others, and for threads that enrol later
     */
    public static List<NativeException> setPriority(int newPriority) {
        List<NativeException> failures = new ArrayList<>();
        synchronized (ENROLLED) {
            priority = newPriority;
            ENROLLED.forEach((tid, name) -> {
                try {
                    apply(tid, name, newPriority);
                } catch (NativeException e) {
                    failures.add(e);
                }
            });
        }
        return failures;
    }

    /** The enrolled threads' ids. */
    public static List<Integer> enrolled() {
        synchronized (ENROLLED) {
            return List.copyOf(ENROLLED.keySet());
        }
    }

    private static void apply(int tid, String name, int priority) throws NativeException {
        if (priority > 0) {
            Libc.schedSetscheduler(tid, Constants.SCHED_RR | Constants.SCHED_RESET_ON_FORK, priority,
                    "cannot set SCHED_RR priority " + priority + " on thread " + name + " (" + tid + ")");
        } else {
            Libc.schedSetscheduler(tid, Constants.SCHED_OTHER, 0,
                    "cannot set the normal scheduling policy on thread " + name + " (" + tid + ")");
        }
    }
}
