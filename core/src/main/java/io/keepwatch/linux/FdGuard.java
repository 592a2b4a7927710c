package io.keepwatch.linux;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.channels.AsynchronousCloseException;
import java.nio.channels.ClosedChannelException;

/**
 * Owns one socket descriptor and makes closing it safe while other threads use it.
 *
 * <p>Two hazards are handled, as the JDK's NIO channels do:
 * <ul>
 *   <li><b>Reused descriptor numbers.</b> Every use brackets the descriptor with
 *       {@link #acquire()}/{@link #release()}. {@link #close()} only marks the guard closing; the
 *       descriptor is released to the kernel by whichever thread finishes last, so no thread can
 *       ever issue a call on a number the kernel has already handed to someone else.</li>
 *   <li><b>A thread blocked in receive.</b> Receivers never block inside {@code recvmsg}: they
 *       block in {@code poll} on the socket <em>and</em> a private eventfd, then read with
 *       {@code MSG_DONTWAIT}. {@code close()} writes the eventfd, which wakes every poller; they see
 *       the closing state and throw {@link AsynchronousCloseException}. This works for every socket
 *       family (netlink and packet sockets do not support {@code shutdown(2)} as a wake-up).</li>
 * </ul>
 *
 * <p>States: OPEN (users &gt;= 0) -&gt; CLOSING (close() called, users &gt; 0) -&gt; CLOSED
 * (descriptors released). {@code acquire} fails with {@link ClosedChannelException} once CLOSING.
 */
final class FdGuard implements AutoCloseable {
    private final int fd;
    private final int wakeFd;
    private final String description;
    private int users;
    private boolean closing;
    private boolean closed;

    /** Takes ownership of {@code fd}; closes it if the wake-up descriptor cannot be created. */
    FdGuard(int fd, String description) throws NativeException {
        int wake;
        try {
            wake = Libc.eventfd(0, Constants.EFD_CLOEXEC | Constants.EFD_NONBLOCK);
        } catch (NativeException e) {
            closeQuietly(fd);
            throw e;
        }
        this.fd = fd;
        this.wakeFd = wake;
        this.description = description;
    }

    /** Marks the start of a use; the returned descriptor stays valid until {@link #release()}. */
    synchronized int acquire() throws ClosedChannelException {
        if (closing) {
            throw new ClosedChannelException();
        }
        users++;
        return fd;
    }

    /** Ends a use begun by {@link #acquire()}; the last user after close() releases the descriptors. */
    void release() {
        boolean last;
        synchronized (this) {
            users--;
            last = closing && users == 0 && !closed;
            if (last) {
                closed = true;
            }
        }
        if (last) {
            releaseDescriptors();
        }
    }

    synchronized boolean isOpen() {
        return !closing;
    }

    /**
     * Waits until the socket is readable, the timeout ends (returns false) or the guard is closed
     * (throws {@link AsynchronousCloseException}). Must be called between acquire and release.
     *
     * @param timeoutMillis -1 waits without limit
     */
    boolean awaitReadable(int timeoutMillis) throws IOException {
        Threads.requirePlatformThread("blocking receive on " + description);
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment fds = arena.allocate(Layouts.POLLFD, 2);
            int stride = Layouts.size(Layouts.POLLFD);
            fds.set(ValueLayout.JAVA_INT, 0, fd);
            fds.set(ValueLayout.JAVA_SHORT, 4, Constants.POLLIN);
            fds.set(ValueLayout.JAVA_INT, stride, wakeFd);
            fds.set(ValueLayout.JAVA_SHORT, stride + 4, Constants.POLLIN);
            long deadline = timeoutMillis < 0 ? Long.MAX_VALUE : System.nanoTime() + timeoutMillis * 1_000_000L;
            while (true) {
                int wait = timeoutMillis < 0 ? -1
                        : (int) Math.max(0, (deadline - System.nanoTime() + 999_999) / 1_000_000);
                int ready = Libc.poll(fds, 2, wait);
                if (!isOpen()) {
                    throw new AsynchronousCloseException();
                }
                if (ready > 0) {
                    short revents = fds.get(ValueLayout.JAVA_SHORT, 6);
                    if ((revents & Constants.POLLNVAL) != 0) {
                        throw new ClosedChannelException();
                    }
                    if (revents != 0) {
                        return true;
                    }
                } else if (timeoutMillis >= 0 && System.nanoTime() - deadline >= 0) {
                    return false;
                }
            }
        }
    }

    /** Idempotent; wakes blocked receivers; the descriptors go when the last user leaves. */
    @Override
    public void close() {
        boolean now;
        synchronized (this) {
            if (closing) {
                return;
            }
            closing = true;
            now = users == 0;
            if (now) {
                closed = true;
            } else {
                // Hold a use while writing the wake-up: otherwise the last receiver could release
                // the descriptors first and the write would hit a closed, or reused, number.
                users++;
            }
        }
        if (now) {
            releaseDescriptors();
        } else {
            try {
                wake();
            } finally {
                release();
            }
        }
    }

    private void wake() {
        try (Arena arena = Arena.ofConfined()) {
            Libc.write(wakeFd, arena.allocateFrom(ValueLayout.JAVA_LONG, 1L));
        } catch (NativeException e) {
            // The counter cannot overflow with one write per close; nothing else can fail here.
            throw new IllegalStateException("cannot wake receivers of " + description, e);
        }
    }

    private void releaseDescriptors() {
        closeQuietly(fd);
        closeQuietly(wakeFd);
    }

    private static void closeQuietly(int descriptor) {
        try {
            Libc.close(descriptor);
        } catch (NativeException ignored) {
            // close(2) releases the number even when it reports an error; nothing to retry.
        }
    }

    @Override
    public String toString() {
        return description;
    }
}
