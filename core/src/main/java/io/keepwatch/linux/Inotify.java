package io.keepwatch.linux;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * An inotify(7) instance: directories watched for files written, removed or renamed, as keepalived
 * watches its tracked files (the directory rather than the file, so that a file created, replaced
 * by a rename or deleted and written again is seen). Events are read on one platform thread, which
 * {@link #close()} wakes from any thread.
 */
public final class Inotify implements AutoCloseable {

    /** struct inotify_event: wd, mask, cookie, len, then len bytes of name (NUL padded). */
    private static final int HEADER = 16;
    /** Room for many events at once; a name is at most NAME_MAX (255) bytes. */
    private static final int BUFFER = 64 * (HEADER + 256);

    /**
     * One event.
     *
     * @param watch the watch descriptor {@link #watchDirectory} returned
     * @param mask  IN_* bits
     * @param name  the file's name within the directory; empty for the directory itself
     */
    public record Event(int watch, int mask, String name) {}

    private final FdGuard guard;
    private final Arena arena = Arena.ofAuto();
    private final MemorySegment buffer = arena.allocate(BUFFER, 8);

    private Inotify(FdGuard guard) {
        this.guard = guard;
    }

    /** A new inotify instance (non-blocking; reads wait in poll). */
    public static Inotify open() throws NativeException {
        int fd = Libc.inotifyInit(Constants.IN_NONBLOCK);
        return new Inotify(new FdGuard(fd, "inotify"));
    }

    /** Watches {@code directory} for {@code mask} (IN_* bits); returns the watch descriptor. */
    public int watchDirectory(String directory, int mask) throws IOException {
        int fd = guard.acquire();
        try {
            return Libc.inotifyAddWatch(fd, directory, mask);
        } finally {
            guard.release();
        }
    }

    /**
     * Waits for events and returns those read (never empty); throws
     * {@link java.nio.channels.AsynchronousCloseException} once closed. One thread at a time.
     */
    public List<Event> await() throws IOException {
        int fd = guard.acquire();
        try {
            while (true) {
                guard.awaitReadable(-1);
                long n = Libc.read(fd, buffer, "cannot read inotify events");
                if (n > 0) {
                    return parse(buffer, n);
                }
            }
        } finally {
            guard.release();
        }
    }

    static List<Event> parse(MemorySegment from, long length) {
        List<Event> events = new ArrayList<>();
        long at = 0;
        while (at + HEADER <= length) {
            int wd = from.get(ValueLayout.JAVA_INT, at);
            int mask = from.get(ValueLayout.JAVA_INT, at + 4);
            int nameLength = from.get(ValueLayout.JAVA_INT, at + 12);
            String name = "";
            if (nameLength > 0) {
                byte[] bytes = from.asSlice(at + HEADER, nameLength).toArray(ValueLayout.JAVA_BYTE);
                int end = 0;
                while (end < bytes.length && bytes[end] != 0) {
                    end++;
                }
                name = new String(bytes, 0, end, StandardCharsets.UTF_8);
            }
            events.add(new Event(wd, mask, name));
            at += HEADER + nameLength;
        }
        return events;
    }

    @Override
    public void close() {
        // The buffer is the garbage collector's: a reader may still be between its read and its return.
        guard.close();
    }
}
