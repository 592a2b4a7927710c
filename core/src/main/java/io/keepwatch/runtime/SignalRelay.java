package io.keepwatch.runtime;

import io.keepwatch.linux.Constants;
import io.keepwatch.linux.NativeException;
import io.keepwatch.linux.SignalFd;
import io.keepwatch.linux.Threads;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sun.misc.Signal;

/**
 * Turns POSIX signals into daemon requests. The handler here only hands the request over (it never
 * touches engine state), so a signal that arrives at a bad time, say a SIGHUP in the middle of a
 * reload, is simply queued behind it.
 *
 * <p>keepalived's meanings are kept: TERM and INT stop, HUP reloads, USR1 dumps state, USR2 dumps
 * statistics. QUIT, which would make a JVM print its threads, logs them.
 *
 * <p>Two ways in. When the process was started with TERM, INT, HUP and QUIT blocked (the packaged
 * launcher, see {@link SignalFd}), a thread of ours reads them from a signalfd: a stop's priority-0
 * adverts then follow the signal by one thread wake-up. Otherwise, and for USR1 and USR2 always,
 * the JVM's handlers, which run each signal on a new thread.
 */
public final class SignalRelay {

    private static final Logger LOG = LoggerFactory.getLogger(SignalRelay.class);

    /** What the operator asked for by signal. */
    public enum Request { STOP, RELOAD, DUMP_STATE, DUMP_STATS }

    private static final Map<String, Request> MEANING = Map.of(
            "TERM", Request.STOP,
            "INT", Request.STOP,
            "HUP", Request.RELOAD,
            "USR1", Request.DUMP_STATE,
            "USR2", Request.DUMP_STATS);

    private static final Map<Integer, String> READ_FROM_SIGNALFD = Map.of(
            Constants.SIGTERM, "TERM",
            Constants.SIGINT, "INT",
            Constants.SIGHUP, "HUP",
            Constants.SIGQUIT, "QUIT");

    private SignalRelay() {}

    /** Installs handlers that pass each request to {@code sink}. */
    public static void install(Consumer<Request> sink) {
        boolean blocked = blockedFromStart();
        MEANING.forEach((name, request) -> {
            if (!blocked || !READ_FROM_SIGNALFD.containsValue(name)) {
                handle(name, request, sink);
            }
        });
        if (blocked) {
            // The reader sets its descriptor up itself, off the start-up path: a signal that comes
            // first stays pending, blocked, until it reads it.
            Threads.startPlatformDaemon("keepwatch-signals", () -> openAndRead(sink));
        }
    }

    /**
     * Whether this thread blocks all of TERM, INT, HUP and QUIT: then the process was started so
     * (see {@link SignalFd}). Read from /proc rather than with a downcall, whose set-up would cost
     * a few milliseconds of start-up.
     */
    private static boolean blockedFromStart() {
        long mask = 0;
        try {
            for (String line : Files.readAllLines(Path.of("/proc/thread-self/status"))) {
                if (line.startsWith("SigBlk:")) {
                    mask = Long.parseUnsignedLong(line.substring("SigBlk:".length()).strip(), 16);
                }
            }
        } catch (IOException | NumberFormatException e) {
            return false;
        }
        for (int signal : READ_FROM_SIGNALFD.keySet()) {
            if ((mask & 1L << (signal - 1)) == 0) {
                return false;
            }
        }
        return true;
    }

    private static void openAndRead(Consumer<Request> sink) {
        Optional<SignalFd> fd;
        String why = "they are not blocked on this thread";
        try {
            fd = SignalFd.openIfBlocked(READ_FROM_SIGNALFD.keySet().stream().mapToInt(Integer::intValue).toArray());
        } catch (NativeException e) {
            fd = Optional.empty();
            why = e.getMessage();
        }
        if (fd.isEmpty()) {
            LOG.error("no signalfd ({}): SIGTERM, SIGINT and SIGHUP will not be heard", why);
            return;
        }
        LOG.debug("TERM, INT, HUP and QUIT are read from a signalfd");
        readLoop(fd.get(), sink);
    }

    private static void handle(String name, Request request, Consumer<Request> sink) {
        try {
            Signal.handle(new Signal(name), signal -> relay(name, request, sink));
        } catch (IllegalArgumentException e) {
            // The JVM reserves some signals (e.g. with -Xrs); say so rather than fail to start.
            LOG.warn("cannot handle SIG{}: {}", name, e.getMessage());
        }
    }

    private static void relay(String name, Request request, Consumer<Request> sink) {
        // the request first: a SIGTERM's priority-0 adverts should not wait for a log line
        sink.accept(request);
        LOG.info("SIG{} received: {}", name, request.name().toLowerCase().replace('_', ' '));
    }

    private static void readLoop(SignalFd fd, Consumer<Request> sink) {
        while (true) {
            int number;
            try {
                number = fd.take();
            } catch (IOException e) {
                LOG.error("signalfd: {}; TERM, INT and HUP are no longer heard", e.getMessage());
                return;
            }
            String name = READ_FROM_SIGNALFD.get(number);
            if ("QUIT".equals(name)) {
                logThreads();
            } else if (name != null) {
                try {
                    relay(name, MEANING.get(name), sink);
                } catch (RuntimeException e) {
                    LOG.error("SIG{}: {}", name, e.toString());
                }
            }
        }
    }

    /** What a JVM prints on SIGQUIT, to the log: the daemon runs with -Xrs, which turns that off. */
    private static void logThreads() {
        StringBuilder dump = new StringBuilder("SIGQUIT received: threads");
        Thread.getAllStackTraces().forEach((thread, stack) -> {
            dump.append("\n\"").append(thread.getName()).append("\" ").append(thread.getState());
            for (StackTraceElement frame : stack) {
                dump.append("\n\tat ").append(frame);
            }
        });
        LOG.info("{}", dump);
    }
}
