package io.keepwatch.testing;

import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import io.keepwatch.linux.Constants;
import io.keepwatch.linux.Libc;
import java.io.IOException;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.invoke.MethodHandle;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The receive buffers of another process's raw sockets, read as that process would read them:
 * its descriptors are duplicated with pidfd_getfd(2) (root may), then getsockopt(SO_RCVBUF). For
 * raw sockets {@code ss -m} has nothing to show without the kernel's raw_diag module.
 */
public final class DaemonSockets {
    private static final long SYS_PIDFD_OPEN = 434;
    private static final long SYS_PIDFD_GETFD = 438;
    private static final MethodHandle SYSCALL = Linker.nativeLinker().downcallHandle(
            Linker.nativeLinker().defaultLookup().find("syscall").orElseThrow(),
            FunctionDescriptor.of(JAVA_LONG, JAVA_LONG, JAVA_INT, JAVA_INT, JAVA_INT),
            Linker.Option.firstVariadicArg(1));

    private DaemonSockets() {
    }

    /**
     * SO_RCVBUF of each IPv4 raw socket of process {@code pid} for IP protocol {@code protocol}
     * (in the process's network namespace), in no particular order.
     */
    public static List<Integer> rawReceiveBuffers(long pid, int protocol) throws IOException {
        Set<String> inodes = new HashSet<>();
        for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "net", "raw"))) {
            String[] f = line.strip().split("\\s+");
            if (f.length > 9 && f[1].contains(":") && Integer.parseInt(f[1].substring(f[1].indexOf(':') + 1), 16) == protocol) {
                inodes.add(f[9]);
            }
        }
        List<Integer> sizes = new ArrayList<>();
        int pidfd = (int) call(SYS_PIDFD_OPEN, (int) pid, 0, 0);
        try (Stream<Path> fds = Files.list(Path.of("/proc", Long.toString(pid), "fd"))) {
            for (Path fd : fds.toList()) {
                String target;
                try {
                    target = Files.readSymbolicLink(fd).toString();
                } catch (IOException gone) {
                    continue;
                }
                if (!target.startsWith("socket:[") || !inodes.contains(target.substring(8, target.length() - 1))) {
                    continue;
                }
                int copy = (int) call(SYS_PIDFD_GETFD, pidfd, Integer.parseInt(fd.getFileName().toString()), 0);
                try {
                    sizes.add(Libc.getsockoptInt(copy, Constants.SOL_SOCKET, Constants.SO_RCVBUF, "SO_RCVBUF"));
                } finally {
                    Libc.close(copy);
                }
            }
        } finally {
            Libc.close(pidfd);
        }
        return sizes;
    }

    private static long call(long number, int a, int b, int c) throws IOException {
        long r;
        try {
            r = (long) SYSCALL.invokeExact(number, a, b, c);
        } catch (Throwable t) {
            throw new IOException(t);
        }
        if (r < 0) throw new IOException("syscall " + number + " failed");
        return r;
    }
}
