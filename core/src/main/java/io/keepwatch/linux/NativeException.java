package io.keepwatch.linux;

import java.io.IOException;

/**
 * A failed Linux call: names the call, the errno (number, symbolic name, description) and what the
 * caller was trying to do, e.g.
 * {@code cannot add 10.0.0.9/24 to veth0: EEXIST (File exists) [RTM_NEWADDR, errno 17]}.
 */
public class NativeException extends IOException {
    private final String call;
    private final int errno;
    private final String context;

    /**
     * @param call    the system call or netlink request that failed, e.g. {@code setsockopt(IP_HDRINCL)}
     * @param errno   the positive errno value
     * @param context what was being attempted, or null to use the call alone
     */
    public NativeException(String call, int errno, String context) {
        super(format(call, errno, context));
        this.call = call;
        this.errno = errno;
        this.context = context;
    }

    private static String format(String call, int errno, String context) {
        String what = context == null ? call + " failed" : context;
        return what + ": " + Errno.name(errno) + " (" + Errno.description(errno) + ") ["
                + (context == null ? "" : call + ", ") + "errno " + errno + "]";
    }

    /** The failed call, e.g. {@code socket} or {@code RTM_NEWADDR}. */
    public String call() {
        return call;
    }

    /** The positive errno value. */
    public int errno() {
        return errno;
    }

    /** The symbolic errno name, e.g. {@code EADDRNOTAVAIL}. */
    public String errnoName() {
        return Errno.name(errno);
    }

    /** What the caller was attempting, or null. */
    public String context() {
        return context;
    }

    /** The same failure with a description of what was being attempted. */
    public NativeException withContext(String newContext) {
        NativeException e = new NativeException(call, errno, newContext);
        e.setStackTrace(getStackTrace());
        return e;
    }
}
