package io.keepwatch.linux;

import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout.PathElement;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;
import java.lang.ref.Reference;
import java.util.BitSet;

/**
 * The one place holding downcall handles into the C library. Every handle captures errno with
 * {@link Linker.Option#captureCallState}: the kernel's errno is copied, inside the same downcall,
 * into a segment owned by the calling thread, so a failure on one thread can never report another
 * thread's errno (the JVM itself may change the C errno between two Java statements).
 *
 * <p>Results are normalised like the JDK's {@code sun.nio.ch.Net}/{@code IOStatus}: a call that
 * fails throws {@link NativeException} naming the call and errno; {@code EINTR} is retried where
 * retrying is correct; the non-blocking I/O calls report {@code EAGAIN} as {@code -1} instead of
 * throwing.
 *
 * <p>These are raw calls: the socket classes of this package wrap them with a descriptor guard
 * ({@link FdGuard}) so that a descriptor is never used after it is closed.
 */
public final class Libc {
    private static final Linker LINKER = Linker.nativeLinker();
    private static final SymbolLookup LOOKUP = LINKER.defaultLookup();
    private static final StructLayout CAPTURE_LAYOUT = Linker.Option.captureStateLayout();
    private static final VarHandle ERRNO = CAPTURE_LAYOUT.varHandle(PathElement.groupElement("errno"));
    private static final Linker.Option CAPTURE_ERRNO = Linker.Option.captureCallState("errno");

    /**
     * One capture segment per thread: never shared, freed with the thread by the GC. Calls made
     * under a lock of their own may pass a segment of that lock's instead ({@link #callState}).
     */
    private static final ThreadLocal<MemorySegment> CAPTURE =
            ThreadLocal.withInitial(() -> Arena.ofAuto().allocate(CAPTURE_LAYOUT));

    /*
     * One call shape. Linking a FunctionDescriptor the process has not linked before generates a stub
     * class and a few dozen lambda forms, at start, in the interpreter, and start-up waits for it; a
     * second function of the same shape reuses them. So every function below is linked as SCALARS,
     * six longs to a long: every int parameter and result passes as a long, a function that takes
     * fewer parameters is given zeros for the rest, and a pointer passes as its address, a long.
     *
     * This is the C calling convention of the platforms the runtime ships for (x86-64 System V,
     * AAPCS64; also RISC-V's LP64): the first six integer and pointer arguments travel in 64-bit
     * registers, a callee reads an int parameter from the low 32 bits and never reads a register it
     * has no parameter for, and an int result is the low 32 bits of the result register, which the
     * (int) casts below take. The variadic functions (ioctl, open, prctl) take their integer and
     * pointer arguments in the same registers as fixed ones; SCALARS is linked as a function whose
     * variadic part is empty, so that on x86-64 the linker also sets AL, the count of vector registers
     * a variadic callee reads, to 0 (a fixed-parameter callee ignores it).
     *
     * A pointer passed as an address is not kept alive by the linker, so the memory it points to
     * must stay allocated through the call, which is the callers' rule:
     * - native memory only (address() refuses a heap segment);
     * - allocated by a confined arena of the calling method (only its own thread can close it, and
     *   that thread is in the call), or owned by a socket or file whose owner does not free it while
     *   it calls: the buffers of an Arena.ofAuto() (freed only once unreachable; the byte-moving calls
     *   below hold their segments reachable until the call has returned, with
     *   Reference.reachabilityFence) or of a shared arena closed by the one thread that uses it
     *   (FifoFile);
     * - the same goes for the memory a structure points to (a msghdr's iovec and buffers), which
     *   no linker would keep alive either.
     */
    private static final FunctionDescriptor SCALARS = FunctionDescriptor.of(JAVA_LONG,
            JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG);
    private static final Linker.Option NO_VARIADIC_ARGUMENTS =
            Linker.Option.firstVariadicArg(SCALARS.argumentLayouts().size());

    private static final MethodHandle SOCKET = downcall("socket");
    private static final MethodHandle BIND = downcall("bind");
    private static final MethodHandle SETSOCKOPT = downcall("setsockopt");
    private static final MethodHandle GETSOCKOPT = downcall("getsockopt");
    private static final MethodHandle SENDTO = downcall("sendto");
    private static final MethodHandle SENDMSG = downcall("sendmsg");
    private static final MethodHandle RECVMSG = downcall("recvmsg");
    private static final MethodHandle CLOSE = downcall("close");
    private static final MethodHandle POLL = downcall("poll");
    private static final MethodHandle EVENTFD = downcall("eventfd");
    private static final MethodHandle WRITE = downcall("write");
    private static final MethodHandle IF_NAMETOINDEX = downcall("if_nametoindex");
    private static final MethodHandle IOCTL = downcall("ioctl");

    // Made on first use, each in a class of its own: none of these is needed before the first advert
    // (open and setns serve the tests, prctl runs after the loop's first task).
    private static final class Open {
        static final MethodHandle HANDLE = downcall("open");
    }
    // Tracked files (track_file): the inotify instance.
    private static final class InotifyCalls {
        static final MethodHandle INIT = downcall("inotify_init1");
        static final MethodHandle ADD_WATCH = downcall("inotify_add_watch");
    }
    // Reads of inotify events and of the control socket's clients.
    private static final class Read {
        static final MethodHandle HANDLE = downcall("read");
    }
    // The control socket (a Unix-domain stream socket): serving it, and asking whether a daemon does.
    private static final class StreamCalls {
        static final MethodHandle LISTEN = downcall("listen");
        static final MethodHandle ACCEPT4 = downcall("accept4");
        static final MethodHandle CONNECT = downcall("connect");
        static final MethodHandle SHUTDOWN = downcall("shutdown");
    }
    private static final class Setns {
        static final MethodHandle HANDLE = downcall("setns");
    }
    private static final class Prctl {
        static final MethodHandle HANDLE = downcall("prctl");
    }
    // Process tuning (vrrp_rt_priority, vrrp_priority, vrrp_cpu_affinity, vrrp_no_swap, umask): once at
    // start and at a reload, none on the failover fast path.
    private static final class Sched {
        static final MethodHandle SETSCHEDULER = downcall("sched_setscheduler");
        static final MethodHandle SETPRIORITY = downcall("setpriority");
        static final MethodHandle SETAFFINITY = downcall("sched_setaffinity");
        static final MethodHandle MLOCKALL = downcall("mlockall");
        static final MethodHandle MUNLOCKALL = downcall("munlockall");
        static final MethodHandle SETRLIMIT = downcall("setrlimit");
        static final MethodHandle UMASK = downcall("umask");
    }
    // Signal dispositions, read and reset once at start (see signalIgnored).
    private static final class Signals {
        static final MethodHandle SIGACTION = downcall("sigaction");
        /** struct sigaction's size in glibc on x86_64 and aarch64 (handler, 128-byte mask, flags, restorer), rounded up. */
        static final long SIZE = 256;
        /** SIG_IGN, the handler value of an ignored signal. */
        static final long IGNORED = 1;
    }
    // Every thread on the VRRP path asks for its id once as it starts.
    private static final class Tid {
        static final MethodHandle HANDLE = downcall("gettid");
    }
    // Scripts only: signalling a script's process group, and the user database (through NSS, so
    // users from LDAP or SSSD are found like local ones).
    private static final class Kill {
        static final MethodHandle HANDLE = downcall("kill");
    }
    private static final class Ids {
        static final MethodHandle GETEUID = downcall("geteuid");
        static final MethodHandle GETEGID = downcall("getegid");
    }
    private static final class Getpwnam {
        static final MethodHandle HANDLE = downcall("getpwnam_r");
    }
    private static final class Getgrnam {
        static final MethodHandle HANDLE = downcall("getgrnam_r");
    }

    // Notify FIFOs only: made when a configuration names one.
    private static final class Fifo {
        static final MethodHandle MKFIFO = downcall("mkfifo");
        static final MethodHandle CHOWN = downcall("chown");
    }

    private Libc() {}

    /**
     * Links the handles every daemon needs before its first advert (the ones made when this class
     * initialises, and {@code gettid}) and calls one: the shape's first call from Java links its
     * invoker. All of it generates code the first time, in the interpreter: the daemon calls this on
     * a thread of its own as it starts, so that the work overlaps reading the command line and the
     * configuration instead of following it.
     */
    public static void link() {
        gettid();
    }

    private static MethodHandle downcall(String name) {
        MemorySegment symbol = LOOKUP.find(name)
                .orElseThrow(() -> new ExceptionInInitializerError("C library has no symbol " + name));
        return LINKER.downcallHandle(symbol, SCALARS, CAPTURE_ERRNO, NO_VARIADIC_ARGUMENTS);
    }

    /**
     * The address of {@code segment} for a call: native memory that stays allocated through the call
     * (see the rule above SCALARS).
     */
    private static long address(MemorySegment segment) {
        if (!segment.isNative()) {
            throw new IllegalArgumentException("a C library call needs native memory, not " + segment);
        }
        return segment.address();
    }

    /**
     * A capture segment for calls serialised by one lock, such as a socket's sends. A thread's
     * first call through the per-thread segment allocates it, and a stop's priority-0 advert is the
     * first call of the signal's new thread, on the failover fast path (see package
     * io.keepwatch.runtime).
     */
    public static MemorySegment callState(Arena arena) {
        return arena.allocate(CAPTURE_LAYOUT);
    }

    private static int errno(MemorySegment capture) {
        return (int) ERRNO.get(capture, 0L);
    }

    private static RuntimeException unexpected(Throwable t) {
        if (t instanceof RuntimeException r) {
            return r;
        }
        if (t instanceof Error e) {
            throw e;
        }
        return new IllegalStateException("downcall failed", t);
    }

    /** One downcall returning an int, given the capture segment it must pass first. */
    @FunctionalInterface
    private interface IntCall {
        int call(MemorySegment capture) throws Throwable;
    }

    /** Runs {@code call} with {@code cs} as its capture segment; the caller reads errno from {@code cs}. */
    private static int invoke(MemorySegment cs, IntCall call) {
        try {
            return call.call(cs);
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    /**
     * Runs {@code call} with the calling thread's capture segment; a negative result throws a
     * {@link NativeException} naming {@code name}, with the errno that same downcall captured.
     */
    private static int checked(String name, String what, IntCall call) throws NativeException {
        MemorySegment cs = CAPTURE.get();
        int r = invoke(cs, call);
        if (r < 0) {
            throw new NativeException(name, errno(cs), what);
        }
        return r;
    }

    /** socket(2). Always adds SOCK_CLOEXEC. */
    public static int socket(int domain, int type, int protocol) throws NativeException {
        MemorySegment cs = CAPTURE.get();
        int r = invoke(cs, c -> (int) (long) SOCKET.invokeExact(c, (long) domain, (long) (type | Constants.SOCK_CLOEXEC), (long) protocol, 0L, 0L, 0L));
        if (r < 0) {
            throw new NativeException("socket", errno(cs), "cannot open socket(" + familyName(domain) + ", "
                    + switch (type & ~(Constants.SOCK_NONBLOCK | Constants.SOCK_CLOEXEC)) {
                        case Constants.SOCK_RAW -> "SOCK_RAW";
                        case Constants.SOCK_STREAM -> "SOCK_STREAM";
                        default -> String.valueOf(type);
                    } + ", " + protocol + ")");
        }
        return r;
    }

    private static String familyName(int domain) {
        return switch (domain) {
            case Constants.AF_UNIX -> "AF_UNIX";
            case Constants.AF_INET -> "AF_INET";
            case Constants.AF_INET6 -> "AF_INET6";
            case Constants.AF_NETLINK -> "AF_NETLINK";
            case Constants.AF_PACKET -> "AF_PACKET";
            default -> String.valueOf(domain);
        };
    }

    /** bind(2). */
    public static void bind(int fd, MemorySegment address, String what) throws NativeException {
        long addr = address(address);
        try {
            checked("bind", what, cs -> (int) (long) BIND.invokeExact(cs, (long) fd, addr, address.byteSize(), 0L, 0L, 0L));
        } finally {
            Reference.reachabilityFence(address);
        }
    }

    /** listen(2). */
    public static void listen(int fd, int backlog, String what) throws NativeException {
        checked("listen", what, cs -> (int) (long) StreamCalls.LISTEN.invokeExact(cs, (long) fd, (long) backlog, 0L, 0L, 0L, 0L));
    }

    /**
     * accept4(2) without the peer's address, always adding SOCK_CLOEXEC; EINTR and the errors
     * accept(2) says to treat like EAGAIN (a connection that went away before it was accepted)
     * return -1, as EAGAIN does.
     */
    public static int accept(int fd, int flags, String what) throws NativeException {
        MemorySegment cs = CAPTURE.get();
        int r = invoke(cs, c -> (int) (long) StreamCalls.ACCEPT4.invokeExact(c, (long) fd, 0L, 0L,
                (long) (flags | Constants.SOCK_CLOEXEC), 0L, 0L));
        if (r < 0) {
            int e = errno(cs);
            if (e == Errno.EAGAIN || e == Errno.EINTR || e == Errno.ECONNABORTED) {
                return -1;
            }
            throw new NativeException("accept4", e, what);
        }
        return r;
    }

    /** connect(2) to {@code address}, in a confined arena of the caller. */
    public static void connect(int fd, MemorySegment address, String what) throws NativeException {
        long addr = address(address);
        checked("connect", what, cs -> (int) (long) StreamCalls.CONNECT.invokeExact(cs, (long) fd, addr, address.byteSize(), 0L, 0L, 0L));
    }

    /** shutdown(2); {@code how} is SHUT_RD, SHUT_WR or SHUT_RDWR. */
    public static void shutdown(int fd, int how, String what) throws NativeException {
        checked("shutdown", what, cs -> (int) (long) StreamCalls.SHUTDOWN.invokeExact(cs, (long) fd, (long) how, 0L, 0L, 0L, 0L));
    }

    /**
     * setsockopt(2) with an arbitrary value, in a confined arena of the caller; {@code optionName}
     * names the option in errors.
     */
    public static void setsockopt(int fd, int level, int option, MemorySegment value, String optionName)
            throws NativeException {
        MemorySegment cs = CAPTURE.get();
        long valueAddress = address(value);
        int r = invoke(cs, c -> (int) (long) SETSOCKOPT.invokeExact(c, (long) fd, (long) level, (long) option, valueAddress,
                value.byteSize(), 0L));
        if (r < 0) {
            throw new NativeException("setsockopt(" + optionName + ")", errno(cs), null);
        }
    }

    /** getsockopt(2) of an int option. */
    public static int getsockoptInt(int fd, int level, int option, String optionName) throws NativeException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment value = arena.allocate(JAVA_INT);
            MemorySegment length = arena.allocateFrom(JAVA_INT, (int) JAVA_INT.byteSize());
            MemorySegment cs = CAPTURE.get();
            int r = invoke(cs, c -> (int) (long) GETSOCKOPT.invokeExact(c, (long) fd, (long) level, (long) option, value.address(),
                    length.address(), 0L));
            if (r < 0) {
                throw new NativeException("getsockopt(" + optionName + ")", errno(cs), null);
            }
            return value.get(JAVA_INT, 0);
        }
    }

    /**
     * The cookie of the calling thread's network namespace (SO_NETNS_COOKIE, Linux 5.14): unlike the
     * namespace's inode number it is never given to another namespace while the host runs.
     */
    public static long netnsCookie() throws NativeException {
        int fd = socket(Constants.AF_INET, Constants.SOCK_DGRAM, 0);
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment value = arena.allocate(JAVA_LONG);
            MemorySegment length = arena.allocateFrom(JAVA_INT, (int) JAVA_LONG.byteSize());
            MemorySegment cs = CAPTURE.get();
            int r = invoke(cs, c -> (int) (long) GETSOCKOPT.invokeExact(c, (long) fd, (long) Constants.SOL_SOCKET,
                    (long) Constants.SO_NETNS_COOKIE, value.address(), length.address(), 0L));
            if (r < 0) {
                throw new NativeException("getsockopt(SO_NETNS_COOKIE)", errno(cs), null);
            }
            return value.get(JAVA_LONG, 0);
        } finally {
            close(fd);
        }
    }

    /** setsockopt(2) with an int value. */
    public static void setsockopt(int fd, int level, int option, int value, String optionName) throws NativeException {
        try (Arena arena = Arena.ofConfined()) {
            setsockopt(fd, level, option, arena.allocateFrom(JAVA_INT, value), optionName);
        }
    }

    /** One byte-moving call, given the capture segment it must pass first. */
    @FunctionalInterface
    private interface Transfer {
        long call(MemorySegment capture) throws Throwable;
    }

    /**
     * Runs a send, receive or write: EINTR is retried, EAGAIN becomes -1 (the caller polls), any
     * other errno a {@link NativeException} naming the call.
     */
    private static long transfer(String call, String what, MemorySegment cs, Transfer transfer) throws NativeException {
        while (true) {
            long r;
            try {
                r = transfer.call(cs);
            } catch (Throwable t) {
                throw unexpected(t);
            }
            if (r >= 0) {
                return r;
            }
            int e = errno(cs);
            if (e == Errno.EAGAIN) {
                return -1;
            }
            if (e != Errno.EINTR) {
                throw new NativeException(call, e, what);
            }
        }
    }

    /** sendto(2), retrying EINTR; returns the bytes sent, or -1 for EAGAIN. */
    public static long sendto(int fd, MemorySegment buffer, long length, int flags, MemorySegment address, String what)
            throws NativeException {
        return sendto(CAPTURE.get(), fd, buffer, length, flags, address, what);
    }

    /** {@link #sendto(int, MemorySegment, long, int, MemorySegment, String)} with a {@link #callState} of the caller's. */
    public static long sendto(MemorySegment callState, int fd, MemorySegment buffer, long length, int flags,
                              MemorySegment address, String what) throws NativeException {
        long addressLength = address.equals(MemorySegment.NULL) ? 0 : address.byteSize();
        long data = address(buffer);
        long to = address(address);
        try {
            return transfer("sendto", what, callState,
                    cs -> (long) SENDTO.invokeExact(cs, (long) fd, data, length, (long) flags, to, addressLength));
        } finally {
            Reference.reachabilityFence(buffer);
            Reference.reachabilityFence(address);
        }
    }

    /** sendmsg(2) with a {@link #callState} of the caller's, retrying EINTR; returns the bytes sent, or -1 for EAGAIN. */
    public static long sendmsg(MemorySegment callState, int fd, MemorySegment msghdr, int flags, String what)
            throws NativeException {
        long message = address(msghdr);
        try {
            return transfer("sendmsg", what, callState,
                    cs -> (long) SENDMSG.invokeExact(cs, (long) fd, message, (long) flags, 0L, 0L, 0L));
        } finally {
            Reference.reachabilityFence(msghdr);
        }
    }

    /** recvmsg(2), retrying EINTR; returns the bytes received, or -1 for EAGAIN. */
    public static long recvmsg(int fd, MemorySegment msghdr, int flags, String what) throws NativeException {
        long message = address(msghdr);
        try {
            return transfer("recvmsg", what, CAPTURE.get(),
                    cs -> (long) RECVMSG.invokeExact(cs, (long) fd, message, (long) flags, 0L, 0L, 0L));
        } finally {
            Reference.reachabilityFence(msghdr);
        }
    }

    /** close(2). EINTR is not retried: on Linux the descriptor is released even then. */
    public static void close(int fd) throws NativeException {
        MemorySegment cs = CAPTURE.get();
        int r = invoke(cs, c -> (int) (long) CLOSE.invokeExact(c, (long) fd, 0L, 0L, 0L, 0L, 0L));
        if (r < 0 && errno(cs) != Errno.EINTR) {
            throw new NativeException("close", errno(cs), "cannot close fd " + fd);
        }
    }

    /**
     * poll(2) of {@code pollfds}, in a confined arena of the caller; returns the number of ready
     * descriptors, 0 on timeout or EINTR.
     */
    public static int poll(MemorySegment pollfds, int count, int timeoutMillis) throws NativeException {
        MemorySegment cs = CAPTURE.get();
        long fds = address(pollfds);
        int r = invoke(cs, c -> (int) (long) POLL.invokeExact(c, fds, (long) count, (long) timeoutMillis, 0L, 0L, 0L));
        if (r < 0) {
            int e = errno(cs);
            if (e == Errno.EINTR) {
                return 0;
            }
            throw new NativeException("poll", e, null);
        }
        return r;
    }

    /** eventfd(2). */
    public static int eventfd(int initialValue, int flags) throws NativeException {
        return checked("eventfd", null, cs -> (int) (long) EVENTFD.invokeExact(cs, (long) initialValue, (long) flags, 0L, 0L, 0L, 0L));
    }

    /** write(2) of a whole buffer in one call; returns the bytes written or -1 for EAGAIN. */
    public static long write(int fd, MemorySegment buffer) throws NativeException {
        long data = address(buffer);
        try {
            return transfer("write", "cannot write to fd " + fd, CAPTURE.get(),
                    cs -> (long) WRITE.invokeExact(cs, (long) fd, data, buffer.byteSize(), 0L, 0L, 0L));
        } finally {
            Reference.reachabilityFence(buffer);
        }
    }

    /** if_nametoindex(3); a missing interface is ENODEV naming it. */
    public static int ifNameToIndex(String name) throws NativeException {
        MemorySegment cs = CAPTURE.get();
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment cName = arena.allocateFrom(name);
            int r = invoke(cs, c -> (int) (long) IF_NAMETOINDEX.invokeExact(c, cName.address(), 0L, 0L, 0L, 0L, 0L));
            if (r == 0) {
                throw new NativeException("if_nametoindex", errno(cs), "no interface " + name);
            }
            return r;
        }
    }

    /** ioctl(2) with a pointer argument, in a confined arena of the caller. */
    public static void ioctl(int fd, long request, MemorySegment argument, String what) throws NativeException {
        long argp = address(argument);
        checked("ioctl", what, cs -> (int) (long) IOCTL.invokeExact(cs, (long) fd, request, argp, 0L, 0L, 0L));
    }

    /** open(2) of an existing file (no creation mode); always adds O_CLOEXEC. */
    public static int open(String path, int flags) throws NativeException {
        MemorySegment cs = CAPTURE.get();
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment cPath = arena.allocateFrom(path);
            int r = invoke(cs, c -> (int) (long) Open.HANDLE.invokeExact(c, cPath.address(), (long) (flags | Constants.O_CLOEXEC),
                    0L, 0L, 0L, 0L));
            if (r < 0) {
                throw new NativeException("open", errno(cs), "cannot open " + path);
            }
            return r;
        }
    }

    /**
     * mkfifo(3) with {@code mode} (the umask applies).
     *
     * @return false when something exists at {@code path} already (EEXIST)
     */
    public static boolean mkfifo(String path, int mode) throws NativeException {
        MemorySegment cs = CAPTURE.get();
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment cPath = arena.allocateFrom(path);
            int r = invoke(cs, c -> (int) (long) Fifo.MKFIFO.invokeExact(c, cPath.address(), (long) mode, 0L, 0L, 0L, 0L));
            if (r < 0 && errno(cs) == Errno.EEXIST) {
                return false;
            }
            if (r < 0) {
                throw new NativeException("mkfifo", errno(cs), "cannot create FIFO " + path);
            }
            return true;
        }
    }

    /** chown(2); -1 leaves the user or group as it is. */
    public static void chown(String path, int uid, int gid) throws NativeException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment cPath = arena.allocateFrom(path);
            checked("chown", "cannot change the owner of " + path, cs -> (int) (long) Fifo.CHOWN.invokeExact(cs, cPath.address(), (long) uid, (long) gid, 0L, 0L, 0L));
        }
    }

    /** inotify_init1(2); always adds IN_CLOEXEC. */
    public static int inotifyInit(int flags) throws NativeException {
        return checked("inotify_init1", null, cs -> (int) (long) InotifyCalls.INIT.invokeExact(cs, (long) (flags | Constants.O_CLOEXEC), 0L, 0L, 0L, 0L, 0L));
    }

    /** inotify_add_watch(2); returns the watch descriptor. */
    public static int inotifyAddWatch(int fd, String path, int mask) throws NativeException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment cPath = arena.allocateFrom(path);
            return checked("inotify_add_watch", "cannot watch " + path,
                    cs -> (int) (long) InotifyCalls.ADD_WATCH.invokeExact(cs, (long) fd, cPath.address(), (long) mask, 0L, 0L, 0L));
        }
    }

    /** read(2) into {@code buffer}, retrying EINTR; returns the bytes read, or -1 for EAGAIN. */
    public static long read(int fd, MemorySegment buffer, String what) throws NativeException {
        long data = address(buffer);
        try {
            return transfer("read", what, CAPTURE.get(),
                    cs -> (long) Read.HANDLE.invokeExact(cs, (long) fd, data, buffer.byteSize(), 0L, 0L, 0L));
        } finally {
            Reference.reachabilityFence(buffer);
        }
    }

    /** setns(2): moves the calling thread (only) into the namespace behind {@code fd}. */
    public static void setns(int fd, int nsType, String what) throws NativeException {
        checked("setns", what, cs -> (int) (long) Setns.HANDLE.invokeExact(cs, (long) fd, (long) nsType, 0L, 0L, 0L, 0L));
    }

    /** prctl(2) with one argument, e.g. PR_SET_TIMERSLACK; {@code what} names the call in errors. */
    public static void prctl(int option, long argument, String what) throws NativeException {
        checked("prctl", what, cs -> (int) (long) Prctl.HANDLE.invokeExact(cs, (long) option, argument, 0L, 0L, 0L, 0L));
    }

    /**
     * kill(2). A negative {@code pid} signals the process group {@code -pid}.
     *
     * @return false when no such process or group exists (ESRCH)
     */
    public static boolean kill(int pid, int signal) throws NativeException {
        MemorySegment cs = CAPTURE.get();
        int r = invoke(cs, c -> (int) (long) Kill.HANDLE.invokeExact(c, (long) pid, (long) signal, 0L, 0L, 0L, 0L));
        if (r < 0) {
            int errno = errno(cs);
            if (errno == Errno.ESRCH) {
                return false;
            }
            throw new NativeException("kill", errno, "cannot send signal " + signal + " to " + pid);
        }
        return true;
    }

    /** geteuid(2); it cannot fail. */
    public static int geteuid() {
        return invoke(CAPTURE.get(), cs -> (int) (long) Ids.GETEUID.invokeExact(cs, 0L, 0L, 0L, 0L, 0L, 0L));
    }

    /** getegid(2); it cannot fail. */
    public static int getegid() {
        return invoke(CAPTURE.get(), cs -> (int) (long) Ids.GETEGID.invokeExact(cs, 0L, 0L, 0L, 0L, 0L, 0L));
    }

    /**
     * getpwnam_r(3): fills {@code passwd} (a {@code struct passwd}) and {@code buffer}, and sets
     * {@code *result} to {@code passwd}, or to NULL when there is no such user. All four are in a
     * confined arena of the caller.
     *
     * @return 0, or the error number the call returns (ERANGE: the buffer is too small)
     */
    public static int getpwnamR(MemorySegment name, MemorySegment passwd, MemorySegment buffer, MemorySegment result) {
        long n = address(name), p = address(passwd), b = address(buffer), r = address(result);
        return invoke(CAPTURE.get(), cs -> (int) (long) Getpwnam.HANDLE.invokeExact(cs, n, p, b, buffer.byteSize(), r, 0L));
    }

    /** getgrnam_r(3), as {@link #getpwnamR} for a {@code struct group}. */
    public static int getgrnamR(MemorySegment name, MemorySegment group, MemorySegment buffer, MemorySegment result) {
        long n = address(name), g = address(group), b = address(buffer), r = address(result);
        return invoke(CAPTURE.get(), cs -> (int) (long) Getgrnam.HANDLE.invokeExact(cs, n, g, b, buffer.byteSize(), r, 0L));
    }

    /** gettid(2): the calling thread's id, which the scheduling calls below take as {@code tid}. */
    public static int gettid() {
        return invoke(CAPTURE.get(), cs -> (int) (long) Tid.HANDLE.invokeExact(cs, 0L, 0L, 0L, 0L, 0L, 0L));
    }

    /** sched_setscheduler(2) of one thread: {@code policy} with a static {@code priority} (0 for SCHED_OTHER). */
    public static void schedSetscheduler(int tid, int policy, int priority, String what) throws NativeException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment param = arena.allocateFrom(JAVA_INT, priority); // struct sched_param
            checked("sched_setscheduler", what, cs -> (int) (long) Sched.SETSCHEDULER.invokeExact(cs, (long) tid, (long) policy, param.address(),
                    0L, 0L, 0L));
        }
    }

    /** setpriority(PRIO_PROCESS, tid, nice): on Linux the nice value of one thread. */
    public static void setpriority(int tid, int nice, String what) throws NativeException {
        checked("setpriority", what, cs -> (int) (long) Sched.SETPRIORITY.invokeExact(cs, (long) Constants.PRIO_PROCESS, (long) tid,
                (long) nice, 0L, 0L, 0L));
    }

    /**
     * Whether signal {@code number} is ignored (SIG_IGN), as a process started by {@code nohup}
     * inherits for SIGHUP: the JVM then leaves it ignored when a handler is asked for.
     */
    public static boolean signalIgnored(int number) throws NativeException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment old = arena.allocate(Signals.SIZE);
            checked("sigaction", "cannot read the disposition of signal " + number,
                    cs -> (int) (long) Signals.SIGACTION.invokeExact(cs, (long) number, 0L, old.address(), 0L, 0L, 0L));
            return old.get(JAVA_LONG, 0) == Signals.IGNORED;
        }
    }

    /** Gives signal {@code number} its default disposition (SIG_DFL, an empty mask, no flags). */
    public static void defaultSignal(int number) throws NativeException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment act = arena.allocate(Signals.SIZE);
            checked("sigaction", "cannot reset signal " + number,
                    cs -> (int) (long) Signals.SIGACTION.invokeExact(cs, (long) number, act.address(), 0L, 0L, 0L, 0L));
        }
    }

    /** sched_setaffinity(2) of one thread to the CPUs set in {@code cpus}. */
    public static void schedSetaffinity(int tid, BitSet cpus, String what) throws NativeException {
        long[] words = cpus.toLongArray();
        try (Arena arena = Arena.ofConfined()) {
            // cpu_set_t is 1024 bits in glibc; larger sets are accepted by the kernel as well
            MemorySegment mask = arena.allocate(JAVA_LONG, Math.max(16, words.length));
            for (int i = 0; i < words.length; i++) {
                mask.setAtIndex(JAVA_LONG, i, words[i]);
            }
            checked("sched_setaffinity", what, cs -> (int) (long) Sched.SETAFFINITY.invokeExact(cs, (long) tid, mask.byteSize(), mask.address(),
                    0L, 0L, 0L));
        }
    }

    /** mlockall(2). */
    public static void mlockall(int flags, String what) throws NativeException {
        checked("mlockall", what, cs -> (int) (long) Sched.MLOCKALL.invokeExact(cs, (long) flags, 0L, 0L, 0L, 0L, 0L));
    }

    /** munlockall(2). */
    public static void munlockall(String what) throws NativeException {
        checked("munlockall", what, cs -> (int) (long) Sched.MUNLOCKALL.invokeExact(cs, 0L, 0L, 0L, 0L, 0L, 0L));
    }

    /** setrlimit(2) of the process ({@code rlim_t} is 64 bits on Linux); -1 is RLIM_INFINITY. */
    public static void setrlimit(int resource, long soft, long hard, String what) throws NativeException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment limit = arena.allocate(JAVA_LONG, 2); // struct rlimit { rlim_cur, rlim_max }
            limit.setAtIndex(JAVA_LONG, 0, soft);
            limit.setAtIndex(JAVA_LONG, 1, hard);
            checked("setrlimit", what, cs -> (int) (long) Sched.SETRLIMIT.invokeExact(cs, (long) resource, limit.address(), 0L, 0L, 0L, 0L));
        }
    }

    /** umask(2): sets the process's file mode creation mask and returns the previous one; it cannot fail. */
    public static int umask(int mask) {
        return invoke(CAPTURE.get(), cs -> (int) (long) Sched.UMASK.invokeExact(cs, (long) mask, 0L, 0L, 0L, 0L, 0L));
    }

    /** prctl(PR_SET_NAME): names the calling thread (15 bytes are kept). */
    public static void setThreadName(String name) throws NativeException {
        try (Arena arena = Arena.ofConfined()) {
            long address = arena.allocateFrom(name).address();
            checked("prctl", "cannot name the thread " + name,
                    cs -> (int) (long) Prctl.HANDLE.invokeExact(cs, (long) Constants.PR_SET_NAME, address, 0L, 0L, 0L, 0L));
        }
    }
}
