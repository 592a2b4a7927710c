package io.keepwatch.linux;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.net.SocketTimeoutException;

/**
 * A client's connection accepted by a {@link UnixStreamServer}, used by one platform thread at a
 * time: reads wait with a limit, writes block until the kernel took every byte.
 */
public final class UnixStreamConnection implements AutoCloseable {

    private final FdGuard guard;

    UnixStreamConnection(FdGuard guard) {
        this.guard = guard;
    }

    /**
     * Reads what has arrived into {@code into} from {@code offset}, at most {@code length} bytes,
     * waiting up to {@code timeoutMillis} for the first.
     *
     * @return the bytes read, -1 at the end of the stream
     * @throws SocketTimeoutException when nothing arrived in time
     */
    public int read(byte[] into, int offset, int length, int timeoutMillis) throws IOException {
        int fd = guard.acquire();
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment buffer = arena.allocate(Math.max(1, length));
            while (true) {
                if (!guard.awaitReadable(timeoutMillis)) {
                    throw new SocketTimeoutException("no data within " + timeoutMillis + " ms");
                }
                long n = Libc.read(fd, buffer.asSlice(0, length), "cannot read from " + guard);
                if (n == 0) {
                    return -1;
                }
                if (n > 0) {
                    MemorySegment.copy(buffer, ValueLayout.JAVA_BYTE, 0, into, offset, (int) n);
                    return (int) n;
                }
            }
        } finally {
            guard.release();
        }
    }

    /** Reads what has already arrived, without waiting: the bytes read, 0 when none, -1 at the end. */
    public int readAvailable(byte[] into) throws IOException {
        try {
            return read(into, 0, into.length, 0);
        } catch (SocketTimeoutException nothingYet) {
            return 0;
        }
    }

    /** Writes all of {@code data}. */
    public void write(byte[] data) throws IOException {
        int fd = guard.acquire();
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment buffer = arena.allocateFrom(ValueLayout.JAVA_BYTE, data);
            long offset = 0;
            while (offset < data.length) {
                long n = Libc.write(fd, buffer.asSlice(offset));
                if (n > 0) {
                    offset += n;
                } else {
                    // a blocking socket only returns -1 (EAGAIN) with SO_SNDTIMEO, which is not set
                    throw new IOException("cannot write to " + guard + ": nothing written");
                }
            }
        } finally {
            guard.release();
        }
    }

    /** Tells the client nothing more is sent (shutdown(2) SHUT_WR); it still reads what was. */
    public void shutdownOutput() throws IOException {
        int fd = guard.acquire();
        try {
            Libc.shutdown(fd, Constants.SHUT_WR, "cannot shut down the output of " + guard);
        } finally {
            guard.release();
        }
    }

    @Override
    public void close() {
        guard.close();
    }
}
