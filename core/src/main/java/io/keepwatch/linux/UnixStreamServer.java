package io.keepwatch.linux;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * A listening Unix-domain stream socket ({@code unix(7)}) at a path of the file system, made with
 * the C library like the daemon's other sockets; the control socket. A JDK channel would do the
 * same, but the first one of a process costs a search for the channel provider through every jar of
 * the class path and the seeding of a SecureRandom, and the control socket is made before the first
 * advert.
 *
 * <p>{@link #accept()} blocks a platform thread until a client connects or the server is closed,
 * which wakes it ({@link FdGuard}).
 */
public final class UnixStreamServer implements AutoCloseable {

    /** sun_path's size in struct sockaddr_un (unix(7)), its terminating NUL included. */
    private static final int SUN_PATH = 108;
    /** sun_family, a sa_family_t, comes first. */
    private static final int SUN_PATH_OFFSET = 2;

    private final Path path;
    private final FdGuard guard;

    private UnixStreamServer(Path path, FdGuard guard) {
        this.path = path;
        this.guard = guard;
    }

    /**
     * Binds a socket to {@code path}, which must not exist, and listens on it.
     *
     * @throws IOException when the path is too long for a Unix-domain address or cannot be bound
     */
    public static UnixStreamServer listen(Path path, int backlog) throws IOException {
        int fd = Libc.socket(Constants.AF_UNIX, Constants.SOCK_STREAM | Constants.SOCK_NONBLOCK, 0);
        try (Arena arena = Arena.ofConfined()) {
            Libc.bind(fd, address(arena, path), "cannot bind a Unix-domain socket to " + path);
            Libc.listen(fd, backlog, "cannot listen on " + path);
        } catch (IOException | RuntimeException e) {
            try {
                Libc.close(fd);
            } catch (NativeException closing) {
                e.addSuppressed(closing);
            }
            throw e;
        }
        return new UnixStreamServer(path, new FdGuard(fd, "Unix-domain socket " + path));
    }

    /**
     * Whether something listens on {@code path} now. The probe does not wait: a listener whose queue
     * of connections is full (EAGAIN) is one, and a blocking connect would wait on it for good.
     */
    public static boolean answers(Path path) {
        int fd;
        try {
            fd = Libc.socket(Constants.AF_UNIX, Constants.SOCK_STREAM | Constants.SOCK_NONBLOCK, 0);
        } catch (NativeException e) {
            return false;
        }
        try (Arena arena = Arena.ofConfined()) {
            Libc.connect(fd, address(arena, path), null);
            return true;
        } catch (NativeException e) {
            return e.errno() == Errno.EAGAIN;
        } catch (IOException e) {
            return false;
        } finally {
            try {
                Libc.close(fd);
            } catch (NativeException e) {
                // released anyway
            }
        }
    }

    public Path path() {
        return path;
    }

    /**
     * Waits for the next client.
     *
     * @throws java.nio.channels.ClosedChannelException when the server is closed, before or while
     *         waiting (then an {@link java.nio.channels.AsynchronousCloseException})
     */
    public UnixStreamConnection accept() throws IOException {
        int fd = guard.acquire();
        try {
            while (true) {
                guard.awaitReadable(-1);
                int client = Libc.accept(fd, 0, "cannot accept a connection on " + path);
                if (client >= 0) {
                    return new UnixStreamConnection(new FdGuard(client, "connection on " + path));
                }
            }
        } finally {
            guard.release();
        }
    }

    /** Stops listening; a thread waiting in {@link #accept()} returns. The path stays (unix(7)). */
    @Override
    public void close() {
        guard.close();
    }

    /** A struct sockaddr_un naming {@code path}. */
    private static MemorySegment address(Arena arena, Path path) throws IOException {
        byte[] name = path.toString().getBytes(StandardCharsets.UTF_8);
        if (name.length >= SUN_PATH) {
            throw new IOException("a Unix-domain socket path has at most " + (SUN_PATH - 1) + " bytes, "
                    + path + " has " + name.length);
        }
        MemorySegment address = arena.allocate(SUN_PATH_OFFSET + name.length + 1);
        address.set(ValueLayout.JAVA_SHORT, 0, (short) Constants.AF_UNIX);
        MemorySegment.copy(name, 0, address, ValueLayout.JAVA_BYTE, SUN_PATH_OFFSET, name.length);
        return address;
    }
}
