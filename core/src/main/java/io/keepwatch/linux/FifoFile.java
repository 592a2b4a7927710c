package io.keepwatch.linux;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.BooleanSupplier;

/**
 * A notify FIFO opened as keepalived opens it (lib/notify.c): created with mode 0644 when missing,
 * and opened read-write, non-blocking and without following a symbolic link. Read-write means
 * opening never waits for a reader, a write never fails for want of one (EPIPE), and a reader
 * sees end of file only once this end is closed; non-blocking means a write to a full pipe (a
 * reader that stopped reading) returns at once instead of holding up the writer.
 *
 * <p>Used by one thread at a time (the FIFO's writer): no descriptor guard is needed.
 */
public final class FifoFile implements AutoCloseable {

    /** rw-r--r--, keepalived's mode for a FIFO it creates. */
    public static final int MODE = 0644;
    /** What one write(2) to a pipe moves whole or not at all (pipe(7)). */
    private static final int PIPE_BUF = 4096;

    private final Path path;
    private final int fd;
    private final boolean created;
    private final Arena arena = Arena.ofShared();
    private final MemorySegment buffer = arena.allocate(PIPE_BUF);
    private final MemorySegment pollfd = arena.allocate(Layouts.POLLFD);
    private boolean closed;

    private FifoFile(Path path, int fd, boolean created) {
        this.path = path;
        this.fd = fd;
        this.created = created;
    }

    /** What {@link #open} made: the FIFO, and whether changing the owner of a new one failed. */
    public record Opened(FifoFile fifo, String ownerProblem) {}

    /**
     * Creates the FIFO unless something is there already (given to {@code uid}:{@code gid}, -1 to
     * keep the caller's), and opens it. A FIFO created here is removed again if it cannot be opened.
     */
    public static Opened open(Path path, int uid, int gid) throws NativeException {
        String name = path.toString();
        boolean created = Libc.mkfifo(name, MODE);
        String ownerProblem = null;
        if (created && (uid != -1 || gid != -1)) {
            try {
                Libc.chown(name, uid, gid);
            } catch (NativeException e) {
                ownerProblem = e.getMessage();
            }
        }
        try {
            int fd = Libc.open(name, Constants.O_RDWR | Constants.O_NONBLOCK | Constants.O_NOFOLLOW);
            return new Opened(new FifoFile(path, fd, created), ownerProblem);
        } catch (NativeException e) {
            if (created) {
                deleteQuietly(path);
            }
            throw e;
        }
    }

    /** Whether the FIFO was created by {@link #open} (and so is removed by {@link #close}). */
    public boolean created() {
        return created;
    }

    public Path path() {
        return path;
    }

    /**
     * Writes {@code bytes} whole, waiting while the pipe is full, at most {@code waitMillis} at a
     * time between two checks of {@code keepWaiting}.
     *
     * @return false when {@code keepWaiting} said to stop before everything was written
     */
    public boolean write(byte[] bytes, int waitMillis, BooleanSupplier keepWaiting)
            throws NativeException {
        Threads.requirePlatformThread("write to notify FIFO " + path);
        int offset = 0;
        while (offset < bytes.length) {
            int chunk = Math.min(PIPE_BUF, bytes.length - offset);
            MemorySegment.copy(bytes, offset, buffer, ValueLayout.JAVA_BYTE, 0, chunk);
            long written = Libc.write(fd, buffer.asSlice(0, chunk));
            if (written > 0) {
                offset += (int) written;
                continue;
            }
            if (!keepWaiting.getAsBoolean()) {
                return false;
            }
            awaitWritable(waitMillis);
        }
        return true;
    }

    private void awaitWritable(int waitMillis) throws NativeException {
        pollfd.set(ValueLayout.JAVA_INT, 0, fd);
        pollfd.set(ValueLayout.JAVA_SHORT, 4, Constants.POLLOUT);
        pollfd.set(ValueLayout.JAVA_SHORT, 6, (short) 0);
        Libc.poll(pollfd, 1, waitMillis);
    }

    /**
     * Removes a FIFO created here first, so that a reader that opens the path again in a loop
     * cannot reopen it (keepalived's order), then closes this end: the reader sees end of file.
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (created) {
            deleteQuietly(path);
        }
        try {
            Libc.close(fd);
        } catch (NativeException e) {
            // nothing is left to do with it
        }
        arena.close();
    }

    private static void deleteQuietly(Path path) {
        try {
            Files.deleteIfExists(path);
        } catch (IOException e) {
            // a FIFO that cannot be removed stays; the next start opens it as it is
        }
    }
}
