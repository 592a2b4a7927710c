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
}
