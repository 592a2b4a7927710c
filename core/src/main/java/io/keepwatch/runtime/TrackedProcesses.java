package io.keepwatch.runtime;

import io.keepwatch.config.model.TrackProcessConfig;
import io.keepwatch.linux.Errno;
import io.keepwatch.linux.NativeException;
import io.keepwatch.linux.ProcConnector;
import io.keepwatch.linux.ReceiveBuffer;
import io.keepwatch.linux.Threads;
import io.keepwatch.plugins.TrackerListener;
import java.io.IOException;
import java.nio.channels.ClosedChannelException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The tracked processes ({@code vrrp_track_process}) of one configuration, as keepalived tracks them
 * (keepalived/core/track_process.c): the processes that match are counted once from /proc at the
 * start, then from the kernel's process events (forks, execs, name changes, exits; no polling), and
 * a tracker is up while its count is within {@code quorum..quorum_max}. A quorum gained by a fork
 * counts after {@code fork_delay}, one lost by an exit after {@code terminate_delay}; a change back
 * within the delay cancels it.
 *
 * <p>A process matches by its name (the kernel's 15-character comm) or, with {@code full_command},
 * by its command line: the program as given, then the arguments by {@code param_match} (all of
 * them exactly; the given ones first; the given ones first with the last as a prefix).
 *
 * <p>Threads: events are read on one platform thread and handled, with the delays, on one other
 * thread, which alone owns the counts; {@link #level} reads the published states from any thread.
 */
final class TrackedProcesses implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(TrackedProcesses.class);

    private enum Cause { FORK, EXIT, OTHER }

    private final List<TrackProcessConfig> tracked;
    /** Hears each change of a tracker's quorum, on the handling thread. */
    private final TrackerListener listener;
    /** The states the instances see, by tracker name. */
    private final Map<String, Boolean> published = new ConcurrentHashMap<>();
    // owned by the handling thread (or the starting thread before it runs)
    private final Map<Integer, Set<TrackProcessConfig>> byPid = new HashMap<>();
    private final Map<TrackProcessConfig, Integer> counts = new HashMap<>();
    private final Map<TrackProcessConfig, ScheduledFuture<?>> pending = new HashMap<>();
    private final ScheduledExecutorService handler = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("keepwatch-track-process").daemon(true).factory());
    private ProcConnector events;
    private Thread reader;
    /** While /proc is read again: the counts move one by one, and only the end result is reported. */
    private boolean scanning;

    private TrackedProcesses(List<TrackProcessConfig> tracked, TrackerListener listener) {
        this.tracked = List.copyOf(tracked);
        this.listener = listener;
    }

    /** The engine's name for the tracker of vrrp_track_process {@code name}. */
    static String trackerName(String name) {
        return "process:" + name;
    }

    /** Subscribes to process events, counts the processes running now and starts following them. */
    static TrackedProcesses start(List<TrackProcessConfig> processes, TrackerListener listener,
                                  ReceiveBuffer receiveBuffer) {
        TrackedProcesses t = new TrackedProcesses(processes, listener);
        if (processes.isEmpty()) {
            return t;
        }
        try {
            t.events = ProcConnector.open(receiveBuffer);
        } catch (IOException e) {
            LOG.error("cannot follow process events ({}); vrrp_track_process is not available and its trackers"
                    + " keep their initial state", e.getMessage());
            return t;
        }
        // Subscribed first, then scanned: a process that starts in between is in both, and counted once.
        t.scan();
        for (TrackProcessConfig p : t.tracked) {
            t.published.put(trackerName(p.name()), t.quorum(p));
        }
        t.reader = Threads.startPlatformDaemon("keepwatch-proc-events", t::readEvents);
        return t;
    }

    /** 1 while tracked process {@code tracker} (by its tracker name) has its quorum, 0 otherwise. */
    OptionalLong level(String tracker) {
        Boolean up = published.get(tracker);
        return up == null ? OptionalLong.empty() : OptionalLong.of(up ? 1 : 0);
    }

    private void scan() {
        byPid.clear();
        counts.clear();
        try (DirectoryStream<Path> proc = Files.newDirectoryStream(Path.of("/proc"), "[1-9]*")) {
            for (Path dir : proc) {
                try {
                    int pid = Integer.parseInt(dir.getFileName().toString());
                    if (!zombie(pid)) {
                        check(pid, Optional.empty(), Cause.OTHER);
                    }
                } catch (NumberFormatException notAProcess) {
                    // /proc has other entries that start with a digit? none today; skip it
                }
            }
        } catch (IOException e) {
            LOG.error("cannot read /proc: {}", e.toString());
        }
    }

    private void readEvents() {
        try {
            while (true) {
                Optional<ProcConnector.Event> event;
                try {
                    event = events.receive();
                } catch (NativeException e) {
                    if (e.errno() != Errno.ENOBUFS) {
                        throw e;
                    }
                    // events were lost: count again from /proc, as keepalived does
                    handler.execute(this::recount);
                    continue;
                }
                event.ifPresent(e -> handler.execute(() -> handle(e)));
            }
        } catch (ClosedChannelException closed) {
            // close(): the normal way out
        } catch (IOException | RuntimeException e) {
            LOG.error("following process events stopped: {}; tracked processes are not counted any more",
                    e.toString());
        }
    }

    private void handle(ProcConnector.Event event) {
        switch (event) {
            case ProcConnector.Event.Exec(int pid, int tgid) -> {
                if (pid == tgid) {
                    check(pid, Optional.empty(), Cause.OTHER);
                }
            }
            case ProcConnector.Event.Comm(int pid, int tgid, String comm) -> {
                if (pid == tgid) {
                    check(pid, Optional.of(comm), Cause.OTHER);
                }
            }
            case ProcConnector.Event.Fork(int parent, int childPid, int childTgid) -> {
                Set<TrackProcessConfig> of = byPid.get(parent);
                if (childPid == childTgid && of != null) {
                    // a process forked from a counted one counts for the same trackers until it execs
                    byPid.put(childPid, new HashSet<>(of));
                    of.forEach(p -> changeCount(p, +1, Cause.FORK));
                }
            }
            case ProcConnector.Event.Exit(int pid, int tgid) -> {
                Set<TrackProcessConfig> of = pid == tgid ? byPid.remove(pid) : null;
                if (of != null) {
                    of.forEach(p -> changeCount(p, -1, Cause.EXIT));
                }
            }
        }
    }

    /**
     * Which trackers process {@code pid} matches now; counts it in or out of each. {@code comm} is
     * the new name of a name change (only the trackers that compare names look at it then).
     */
    private void check(int pid, Optional<String> comm, Cause cause) {
        Set<TrackProcessConfig> before = byPid.getOrDefault(pid, Set.of());
        Set<TrackProcessConfig> now = new HashSet<>();
        String name = comm.orElseGet(() -> read(pid, "comm").strip());
        List<String> commandLine = null;
        for (TrackProcessConfig p : tracked) {
            if (comm.isPresent() && p.fullCommand()) {
                // a name change says nothing of the command line
                if (before.contains(p)) {
                    now.add(p);
                }
                continue;
            }
            if (p.fullCommand()) {
                if (commandLine == null) {
                    commandLine = List.of(read(pid, "cmdline").split("\0", -1));
                }
                if (matches(p, commandLine)) {
                    now.add(p);
                }
            } else if (name.equals(p.process())) {
                now.add(p);
            }
        }
        if (now.isEmpty()) {
            byPid.remove(pid);
        } else {
            byPid.put(pid, now);
        }
        for (TrackProcessConfig p : now) {
            if (!before.contains(p)) {
                changeCount(p, +1, cause);
            }
        }
        for (TrackProcessConfig p : before) {
            if (!now.contains(p)) {
                changeCount(p, -1, cause);
            }
        }
    }

    /** keepalived's check_params: the program exactly, then the arguments by param_match. */
    static boolean matches(TrackProcessConfig p, List<String> commandLine) {
        // /proc/PID/cmdline ends with a NUL: the split leaves an empty last word
        List<String> words = commandLine.isEmpty() || !commandLine.getLast().isEmpty() ? commandLine
                : commandLine.subList(0, commandLine.size() - 1);
        if (words.isEmpty() || !words.getFirst().equals(p.process())) {
            return false;
        }
        List<String> args = words.subList(1, words.size());
        List<String> wanted = p.parameters();
        return switch (p.paramMatch()) {
            case NONE -> true;
            case EXACT -> args.equals(wanted);
            case PARTIAL -> args.size() >= wanted.size() && args.subList(0, wanted.size()).equals(wanted);
            case INITIAL -> wanted.isEmpty() || args.size() >= wanted.size()
                    && args.subList(0, wanted.size() - 1).equals(wanted.subList(0, wanted.size() - 1))
                    && args.get(wanted.size() - 1).startsWith(wanted.getLast());
        };
    }

    private void changeCount(TrackProcessConfig p, int by, Cause cause) {
        counts.merge(p, by, Integer::sum);
        String tracker = trackerName(p.name());
        Boolean reported = published.get(tracker);
        if (reported == null || scanning) {
            return; // the scan's end result is published when it is done
        }
        boolean wanted = quorum(p);
        ScheduledFuture<?> waiting = pending.remove(p);
        if (waiting != null) {
            waiting.cancel(false);
        }
        if (wanted == reported) {
            return;
        }
        Duration delay = wanted && cause == Cause.FORK ? p.forkDelay()
                : !wanted && cause == Cause.EXIT ? p.terminateDelay() : Duration.ZERO;
        if (delay.isZero()) {
            report(p);
        } else {
            pending.put(p, handler.schedule(() -> {
                pending.remove(p);
                report(p);
            }, delay.toNanos(), TimeUnit.NANOSECONDS));
        }
    }

    private void report(TrackProcessConfig p) {
        String tracker = trackerName(p.name());
        boolean up = quorum(p);
        Boolean before = published.put(tracker, up);
        if (before == null || before != up) {
            int n = counts.getOrDefault(p, 0);
            LOG.info("Quorum {} for tracked process {} ({} running)", up ? "gained" : "lost", p.name(), n);
            listener.onTrackerChanged(tracker, up, n + " process(es) running");
        }
    }

    /** After lost events: everything counted again, and what changed reported. */
    private void recount() {
        pending.values().forEach(f -> f.cancel(false));
        pending.clear();
        scanning = true;
        try {
            scan();
        } finally {
            scanning = false;
        }
        tracked.forEach(this::report);
    }

    private boolean quorum(TrackProcessConfig p) {
        int n = counts.getOrDefault(p, 0);
        return n >= p.quorum() && n <= p.quorumMax();
    }

    private static boolean zombie(int pid) {
        String stat = read(pid, "stat");
        int end = stat.lastIndexOf(')');
        return end < 0 || end + 2 >= stat.length() || stat.charAt(end + 2) == 'Z';
    }

    /** A /proc/PID file's text; empty when the process is gone. */
    private static String read(int pid, String file) {
        try {
            return new String(Files.readAllBytes(Path.of("/proc", Integer.toString(pid), file)), StandardCharsets.UTF_8);
        } catch (IOException gone) {
            return "";
        }
    }

    @Override
    public void close() {
        if (events != null) {
            events.close();
        }
        if (reader != null) {
            try {
                reader.join(2000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        handler.shutdownNow();
    }
}
