package io.keepwatch.linux;

import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.Optional;

/**
 * Signals read as data from a signalfd(2) by a thread of the caller's choosing, instead of through
 * signal handlers. The JVM's handlers start a new thread for every signal, which put about a
 * millisecond between a SIGTERM and the priority-0 adverts of a stop; a thread blocked here is
 * simply woken.
 *
 * <p>A signalfd only sees signals that no thread can take: every thread must block them. A JVM
 * does that only when it starts with them blocked (the launcher runs it under
 * {@code env --block-signal}) and with {@code -Xrs}, without which it unblocks TERM, INT and HUP in
 * its threads and handles them itself. {@link #openIfBlocked} therefore opens nothing unless the
 * calling thread, and so the process it was started in, blocks every requested signal.
 */
public final class SignalFd implements AutoCloseable {

    /** sizeof(sigset_t) in glibc; the kernel reads the first 8 bytes. */
    private static final long SIGSET_BYTES = 128;
    /** sizeof(struct signalfd_siginfo); ssi_signo is its first field. */
    private static final long SIGINFO_BYTES = 128;

    private final FdGuard guard;

    private SignalFd(FdGuard guard) {
        this.guard = guard;
    }

    /** A signalfd for {@code signals}, if this thread blocks all of them; empty otherwise. */
    public static Optional<SignalFd> openIfBlocked(int... signals) throws NativeException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment blocked = arena.allocate(SIGSET_BYTES, 8);
            Libc.blockedSignals(blocked);
            MemorySegment wanted = arena.allocate(SIGSET_BYTES, 8);
            for (int signal : signals) {
                if (!isMember(blocked, signal)) {
                    return Optional.empty();
                }
                add(wanted, signal);
            }
            int fd = Libc.signalfd(wanted, Constants.SFD_NONBLOCK | Constants.SFD_CLOEXEC, "read signals");
            return Optional.of(new SignalFd(new FdGuard(fd, "signalfd")));
        }
    }

    private static boolean isMember(MemorySegment set, int signal) {
        long word = set.get(JAVA_LONG, (signal - 1) / 64 * 8L);
        return (word & (1L << ((signal - 1) % 64))) != 0;
    }

    private static void add(MemorySegment set, int signal) {
        long offset = (signal - 1) / 64 * 8L;
        set.set(JAVA_LONG, offset, set.get(JAVA_LONG, offset) | 1L << ((signal - 1) % 64));
    }

    /**
     * Waits for the next signal and returns its number. Platform threads only.
     *
     * @throws java.nio.channels.AsynchronousCloseException once {@link #close()} was called
     */
    public int take() throws IOException {
        int fd = guard.acquire();
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment info = arena.allocate(SIGINFO_BYTES, 8);
            while (true) {
                guard.awaitReadable(-1);
                if (Libc.read(fd, info, "read a signal") == SIGINFO_BYTES) {
                    return info.get(JAVA_INT, 0);
                }
                // EAGAIN: another reader was first; wait again
            }
        } finally {
            guard.release();
        }
    }

    @Override
    public void close() {
        guard.close();
    }
}
