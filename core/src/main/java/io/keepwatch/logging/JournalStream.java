package io.keepwatch.logging;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * Whether standard error is connected to the systemd journal. systemd sets {@code JOURNAL_STREAM} to
 * the device and inode numbers ({@code DEV:INO}) of the stream it connects a service's output to; a
 * process must compare them with its own standard error, since the variable is inherited by children
 * whose output goes elsewhere (systemd.exec(5), "JOURNAL_STREAM").
 */
final class JournalStream {

    private JournalStream() {}

    /** True when {@code JOURNAL_STREAM} names this process's standard error. */
    static boolean isStandardError() {
        return matches(System.getenv("JOURNAL_STREAM"), standardError());
    }

    static boolean matches(String journalStream, Optional<String> stderrDevIno) {
        return journalStream != null && !journalStream.isBlank() && stderrDevIno.isPresent()
                && stderrDevIno.get().equals(journalStream.trim());
    }

    /** {@code DEV:INO} of file descriptor 2 (the file, pipe or socket it leads to), as systemd writes them. */
    static Optional<String> standardError() {
        try {
            Map<String, Object> attributes = Files.readAttributes(Path.of("/proc/self/fd/2"), "unix:dev,ino");
            return Optional.of(Long.toUnsignedString((Long) attributes.get("dev")) + ":"
                    + Long.toUnsignedString((Long) attributes.get("ino")));
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException | ClassCastException e) {
            return Optional.empty();
        }
    }
}
