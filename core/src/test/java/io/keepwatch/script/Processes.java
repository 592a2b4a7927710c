package io.keepwatch.script;

import io.keepwatch.testing.Deadline;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/** Test helper: whether a process the test knows by pid has really gone. */
final class Processes {

    private Processes() {}

    /** Waits until {@code pid} is gone or a zombie (its parent reaps it, not the test). */
    static void awaitGone(long pid) throws InterruptedException {
        Deadline.await("pid " + pid + " to be gone", Duration.ofSeconds(5), () -> !alive(pid));
    }

    static boolean alive(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            return !stat.substring(stat.lastIndexOf(')') + 2).startsWith("Z");
        } catch (Exception e) {
            return false;
        }
    }
}
