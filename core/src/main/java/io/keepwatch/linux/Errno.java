package io.keepwatch.linux;

import java.util.Map;

/**
 * Linux errno numbers (x86_64 and aarch64 share the generic values) with their symbolic names and
 * short descriptions, so that every native failure can be reported as {@code EEXIST (File exists)}
 * rather than a bare number.
 */
public final class Errno {
    public static final int EPERM = 1;
    public static final int ENOENT = 2;
    public static final int ESRCH = 3;
    public static final int EINTR = 4;
    public static final int EBADF = 9;
    public static final int EAGAIN = 11;
    public static final int ENOMEM = 12;
    public static final int EACCES = 13;
    public static final int EEXIST = 17;
    public static final int ENODEV = 19;
    public static final int EINVAL = 22;
    public static final int ERANGE = 34;
    public static final int EMSGSIZE = 90;
    public static final int ENOPROTOOPT = 92;
    public static final int EPROTONOSUPPORT = 93;
    public static final int EOPNOTSUPP = 95;
    public static final int EAFNOSUPPORT = 97;
    public static final int EADDRINUSE = 98;
    public static final int EADDRNOTAVAIL = 99;
    public static final int ENETDOWN = 100;
    public static final int ENETUNREACH = 101;
    public static final int ECONNABORTED = 103;
    public static final int ENOBUFS = 105;
    public static final int ENOTCONN = 107;
    public static final int EHOSTUNREACH = 113;

    private record Entry(String name, String description) {}

    private static final Map<Integer, Entry> TABLE = Map.ofEntries(
            Map.entry(1, new Entry("EPERM", "Operation not permitted")),
            Map.entry(2, new Entry("ENOENT", "No such file or directory")),
            Map.entry(3, new Entry("ESRCH", "No such process")),
            Map.entry(4, new Entry("EINTR", "Interrupted system call")),
            Map.entry(5, new Entry("EIO", "Input/output error")),
            Map.entry(6, new Entry("ENXIO", "No such device or address")),
            Map.entry(7, new Entry("E2BIG", "Argument list too long")),
            Map.entry(9, new Entry("EBADF", "Bad file descriptor")),
            Map.entry(11, new Entry("EAGAIN", "Resource temporarily unavailable")),
            Map.entry(12, new Entry("ENOMEM", "Cannot allocate memory")),
            Map.entry(13, new Entry("EACCES", "Permission denied")),
            Map.entry(14, new Entry("EFAULT", "Bad address")),
            Map.entry(16, new Entry("EBUSY", "Device or resource busy")),
            Map.entry(17, new Entry("EEXIST", "File exists")),
            Map.entry(19, new Entry("ENODEV", "No such device")),
            Map.entry(20, new Entry("ENOTDIR", "Not a directory")),
            Map.entry(22, new Entry("EINVAL", "Invalid argument")),
            Map.entry(23, new Entry("ENFILE", "Too many open files in system")),
            Map.entry(24, new Entry("EMFILE", "Too many open files")),
            Map.entry(25, new Entry("ENOTTY", "Inappropriate ioctl for device")),
            Map.entry(28, new Entry("ENOSPC", "No space left on device")),
            Map.entry(32, new Entry("EPIPE", "Broken pipe")),
            Map.entry(34, new Entry("ERANGE", "Numerical result out of range")),
            Map.entry(38, new Entry("ENOSYS", "Function not implemented")),
            Map.entry(61, new Entry("ENODATA", "No data available")),
            Map.entry(71, new Entry("EPROTO", "Protocol error")),
            Map.entry(88, new Entry("ENOTSOCK", "Socket operation on non-socket")),
            Map.entry(90, new Entry("EMSGSIZE", "Message too long")),
            Map.entry(91, new Entry("EPROTOTYPE", "Protocol wrong type for socket")),
            Map.entry(92, new Entry("ENOPROTOOPT", "Protocol not available")),
            Map.entry(93, new Entry("EPROTONOSUPPORT", "Protocol not supported")),
            Map.entry(94, new Entry("ESOCKTNOSUPPORT", "Socket type not supported")),
            Map.entry(95, new Entry("EOPNOTSUPP", "Operation not supported")),
            Map.entry(96, new Entry("EPFNOSUPPORT", "Protocol family not supported")),
            Map.entry(97, new Entry("EAFNOSUPPORT", "Address family not supported by protocol")),
            Map.entry(98, new Entry("EADDRINUSE", "Address already in use")),
            Map.entry(99, new Entry("EADDRNOTAVAIL", "Cannot assign requested address")),
            Map.entry(100, new Entry("ENETDOWN", "Network is down")),
            Map.entry(101, new Entry("ENETUNREACH", "Network is unreachable")),
            Map.entry(104, new Entry("ECONNRESET", "Connection reset by peer")),
            Map.entry(103, new Entry("ECONNABORTED", "Software caused connection abort")),
            Map.entry(105, new Entry("ENOBUFS", "No buffer space available")),
            Map.entry(106, new Entry("EISCONN", "Transport endpoint is already connected")),
            Map.entry(107, new Entry("ENOTCONN", "Transport endpoint is not connected")),
            Map.entry(110, new Entry("ETIMEDOUT", "Connection timed out")),
            Map.entry(111, new Entry("ECONNREFUSED", "Connection refused")),
            Map.entry(113, new Entry("EHOSTUNREACH", "No route to host")));

    private Errno() {}

    /** The symbolic name, e.g. {@code EEXIST}, or {@code errno 123} for numbers outside the table. */
    public static String name(int errno) {
        Entry e = TABLE.get(errno);
        return e != null ? e.name() : "errno " + errno;
    }

    /** The short description, e.g. {@code File exists}, or {@code unknown error}. */
    public static String description(int errno) {
        Entry e = TABLE.get(errno);
        return e != null ? e.description() : "unknown error";
    }
}
