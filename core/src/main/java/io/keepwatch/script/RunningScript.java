package io.keepwatch.script;

import java.time.Duration;

/**
 * A script that runs until keepwatch ends it, such as the reader of a notify FIFO (keepalived
 * starts it with no timeout and sends it SIGTERM when it stops or reloads).
 */
public final class RunningScript {

    private final Process process;
    private final Duration killGrace;

    RunningScript(Process process, Duration killGrace) {
        this.process = process;
        this.killGrace = killGrace;
    }

    public long pid() {
        return process.pid();
    }

    public boolean alive() {
        return process.isAlive();
    }

    /** SIGTERM to its process group; SIGKILL after the kill grace time if it is still there. */
    public void terminate() throws InterruptedException {
        ProcessGroup.terminate(process, killGrace);
    }
}
