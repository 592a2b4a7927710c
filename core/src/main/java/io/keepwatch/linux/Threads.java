package io.keepwatch.linux;

/**
 * Thread rules of the native layer: blocking calls (poll, recvmsg, netlink waits) run on platform
 * threads only. A virtual thread blocked in a downcall pins its carrier, and with few carriers
 * that stalls unrelated work, so receive loops are refused on virtual threads.
 */
public final class Threads {
    private Threads() {}

    /** Starts {@code body} on a new named platform daemon thread, e.g. for a receive loop. */
    public static Thread startPlatformDaemon(String name, Runnable body) {
        return Thread.ofPlatform().name(name).daemon(true).start(body);
    }

    /** Throws {@link IllegalStateException} when called on a virtual thread. */
    public static void requirePlatformThread(String what) {
        if (Thread.currentThread().isVirtual()) {
            throw new IllegalStateException(what + " must run on a platform thread, not a virtual thread");
        }
    }

    /**
     * Lets the calling thread's timed waits end on time: by default the kernel may delay a timer
     * by up to 50 microseconds (the thread's timer slack) to batch wake-ups, which the thread
     * that runs the VRRP timers pays on every Master_Down_Timer and advert. Failure only costs that
     * precision, so it is reported to the caller rather than thrown.
     */
    public static boolean preciseTimers() {
        try {
            Libc.prctl(Constants.PR_SET_TIMERSLACK, 1, "set the timer slack of " + Thread.currentThread().getName());
            return true;
        } catch (NativeException e) {
            return false;
        }
    }
}
