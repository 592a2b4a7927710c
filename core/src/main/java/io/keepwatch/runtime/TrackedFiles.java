package io.keepwatch.runtime;

import io.keepwatch.config.model.TrackFileConfig;
import io.keepwatch.linux.Constants;
import io.keepwatch.linux.Inotify;
import io.keepwatch.linux.Threads;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.ClosedChannelException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The tracked files ({@code track_file}) of one configuration, as keepalived tracks them
 * (keepalived/trackers/track_file.c): each file's number is read at the start, then again whenever
 * the file is closed after writing or moved into its directory; a file deleted or moved away counts
 * as 0. The directories are watched through inotify, not the files, so a file that does not exist
 * yet, or is replaced by a rename, is seen too. A number that is not one (no digits) reads as 0;
 * one outside 32 bits is logged and ignored, as keepalived does.
 *
 * <p>Levels are kept here, by tracker name ({@link #trackerName}), for instances that start later
 * ({@link TrackerLevels}); each change goes to the listener from the watching thread.
 */
final class TrackedFiles implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(TrackedFiles.class);
    /** keepalived reads at most this much of a tracked file. */
    private static final int READ_LIMIT = 127;
    private static final int WATCHED = Constants.IN_CLOSE_WRITE | Constants.IN_DELETE | Constants.IN_MOVED_FROM
            | Constants.IN_MOVED_TO;

    /** Receives each change of a tracked file's number, on the watching thread. */
    @FunctionalInterface
    interface Listener {
        void levelChanged(String tracker, long level, String message);
    }

    private record Watched(TrackFileConfig config, Path path) {}

    private final Listener listener;
    private final Map<String, Long> levels = new ConcurrentHashMap<>();
    /** Watch descriptor, then the file's name in that directory, to the files of that path. */
    private final Map<Integer, Map<String, List<Watched>>> byWatch = new HashMap<>();
    private final List<Watched> watched = new ArrayList<>();
    private Inotify inotify;
    private Thread reader;

    private TrackedFiles(Listener listener) {
        this.listener = listener;
    }

    /** The engine's name for the tracker of track_file {@code name}: distinct from scripts and interfaces. */
    static String trackerName(String name) {
        return "file:" + name;
    }

    /**
     * Writes the init files, reads every file and starts watching them.
     *
     * @param reload true when a reload (not the start) makes these: {@code init_file overwrite}
     *               leaves an existing file alone then, as keepalived does
     */
    static TrackedFiles start(List<TrackFileConfig> files, boolean reload, Listener listener) {
        TrackedFiles tracked = new TrackedFiles(listener);
        for (TrackFileConfig file : files) {
            initialise(file, reload);
            Path path = resolve(file);
            if (path != null) {
                tracked.watched.add(new Watched(file, path));
                tracked.levels.put(trackerName(file.name()), read(path).orElse(0));
            }
        }
        if (!tracked.watched.isEmpty()) {
            tracked.watch();
        }
        return tracked;
    }

    /** The number last read from track_file {@code tracker} (by its tracker name), if it is tracked here. */
    OptionalLong level(String tracker) {
        Long level = levels.get(tracker);
        return level == null ? OptionalLong.empty() : OptionalLong.of(level);
    }

    /** init_file: write VALUE when the file is missing, or with overwrite when it is a regular file (not on reload). */
    private static void initialise(TrackFileConfig file, boolean reload) {
        if (file.init().isEmpty()) {
            return;
        }
        TrackFileConfig.InitFile init = file.init().get();
        Path path = Path.of(file.file());
        if (Files.exists(path)) {
            if (!init.overwrite() || reload) {
                return;
            }
            if (!Files.isRegularFile(path, LinkOption.NOFOLLOW_LINKS)) {
                LOG.error("track_file {}: cannot initialise {}: not a regular file", file.name(), path);
                return;
            }
        }
        try {
            Files.writeString(path, init.value() + "\n", StandardCharsets.US_ASCII);
        } catch (IOException e) {
            LOG.error("track_file {}: cannot initialise {}: {}", file.name(), path, e.toString());
        }
    }

    /**
     * The file's real path, or for a missing file its directory's real path and its name; null,
     * logged, when the directory does not exist (keepalived then drops the tracker).
     */
    private static Path resolve(TrackFileConfig file) {
        Path path = Path.of(file.file()).toAbsolutePath();
        try {
            return path.toRealPath();
        } catch (IOException missing) {
            Path directory = path.getParent();
            try {
                if (directory != null && Files.isDirectory(directory)) {
                    return directory.toRealPath().resolve(path.getFileName());
                }
            } catch (IOException e) {
                // falls through to the error below
            }
            LOG.error("track_file {}: directory of {} does not exist; the file is not tracked", file.name(), path);
            return null;
        }
    }

    private void watch() {
        try {
            inotify = Inotify.open();
            Map<Path, Integer> directories = new HashMap<>();
            for (Watched w : watched) {
                Path directory = w.path.getParent();
                Integer wd = directories.get(directory);
                if (wd == null) {
                    wd = inotify.watchDirectory(directory.toString(), WATCHED);
                    directories.put(directory, wd);
                }
                byWatch.computeIfAbsent(wd, k -> new LinkedHashMap<>())
                        .computeIfAbsent(w.path.getFileName().toString(), k -> new ArrayList<>()).add(w);
            }
        } catch (IOException e) {
            LOG.error("cannot watch tracked files: {}; their numbers are not read again", e.getMessage());
            return;
        }
        reader = Threads.startPlatformDaemon("keepwatch-track-file", this::readEvents);
    }

    private void readEvents() {
        try {
            while (true) {
                for (Inotify.Event event : inotify.await()) {
                    handle(event);
                }
            }
        } catch (ClosedChannelException closed) {
            // close(): the normal way out
        } catch (IOException | RuntimeException e) {
            LOG.error("watching tracked files stopped: {}; their numbers are not read again", e.toString());
        }
    }

    private void handle(Inotify.Event event) {
        if ((event.mask() & Constants.IN_Q_OVERFLOW) != 0) {
            // events were lost: read every file again
            watched.forEach(w -> update(w, read(w.path), "read again after lost inotify events"));
            return;
        }
        if ((event.mask() & Constants.IN_ISDIR) != 0) {
            return;
        }
        List<Watched> files = byWatch.getOrDefault(event.watch(), Map.of()).getOrDefault(event.name(), List.of());
        for (Watched w : files) {
            if ((event.mask() & (Constants.IN_DELETE | Constants.IN_MOVED_FROM)) != 0) {
                update(w, OptionalLong.of(0), w.path + " removed");
            } else {
                update(w, read(w.path), w.path + " written");
            }
        }
    }

    private void update(Watched w, OptionalLong read, String why) {
        if (read.isEmpty()) {
            return;
        }
        String tracker = trackerName(w.config.name());
        Long before = levels.put(tracker, read.getAsLong());
        if (before == null || before != read.getAsLong()) {
            listener.levelChanged(tracker, read.getAsLong(), why + ": " + read.getAsLong());
        }
    }

    /**
     * The number at the start of the file as C's strtol with base 0 reads it (decimal, 0x hex, 0
     * octal; what follows the digits is ignored; no digits is 0); a missing or unreadable file is 0.
     * Empty when the number does not fit 32 bits (keepalived logs and ignores it).
     */
    static OptionalLong read(Path path) {
        byte[] bytes;
        try (InputStream in = Files.newInputStream(path)) {
            bytes = in.readNBytes(READ_LIMIT);
        } catch (IOException e) {
            return OptionalLong.of(0);
        }
        OptionalLong value = parse(new String(bytes, StandardCharsets.US_ASCII));
        if (value.isEmpty()) {
            LOG.info("Invalid number read from {} - ignoring", path);
        }
        return value;
    }

    static OptionalLong parse(String text) {
        int i = 0;
        while (i < text.length() && Character.isWhitespace(text.charAt(i))) {
            i++;
        }
        boolean negative = false;
        if (i < text.length() && (text.charAt(i) == '-' || text.charAt(i) == '+')) {
            negative = text.charAt(i) == '-';
            i++;
        }
        int radix = 10;
        if (i + 1 < text.length() && text.charAt(i) == '0' && (text.charAt(i + 1) == 'x' || text.charAt(i + 1) == 'X')
                && i + 2 < text.length() && Character.digit(text.charAt(i + 2), 16) >= 0) {
            radix = 16;
            i += 2;
        } else if (i < text.length() && text.charAt(i) == '0') {
            radix = 8;
        }
        long value = 0;
        boolean overflow = false;
        while (i < text.length() && Character.digit(text.charAt(i), radix) >= 0) {
            value = value * radix + Character.digit(text.charAt(i), radix);
            if (value > 1L << 40) {
                overflow = true;
            }
            i++;
        }
        long signed = negative ? -value : value;
        if (overflow || signed < Integer.MIN_VALUE || signed > Integer.MAX_VALUE + 1L) {
            return OptionalLong.empty();
        }
        return OptionalLong.of(signed);
    }

    @Override
    public void close() {
        if (inotify != null) {
            inotify.close();
        }
        if (reader != null) {
            try {
                reader.join(2000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
