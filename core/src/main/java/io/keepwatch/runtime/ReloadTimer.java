package io.keepwatch.runtime;

import io.keepwatch.config.model.KeepalivedConfig;
import io.keepwatch.config.model.ReloadSettings;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code reload_time_file}: watches the file (through inotify, as keepalived does) and reloads at
 * the time its first line gives ({@link ReloadTime}). Created or changed, the file schedules the
 * reload anew; removed, it cancels it; when the reload starts, the file is removed, unless
 * {@code reload_repeat} is set and it has no date (it then reloads every day at that time). When the
 * directory goes, watching stops until the next reload or start, as keepalived's does.
 *
 * <p>One platform thread per watched file; the reload itself runs on a thread of its own, since it
 * restarts this watch when the configuration it applies says so.
 */
final class ReloadTimer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ReloadTimer.class);

    /** A change is read once the file has been quiet this long: a writer may write it in pieces. */
    private static final long SETTLE_MILLIS = 50;

    private final Runnable reload;
    private Watch watch;

    /** @param reload starts a reload, as SIGHUP does */
    ReloadTimer(Runnable reload) {
        this.reload = reload;
    }

    /** Watches what {@code config} names, from now on (a watch already on the same settings goes on). */
    synchronized void configure(KeepalivedConfig config) {
        ReloadSettings settings = config.global().lifecycle().reload();
        Optional<Path> file = settings.timeFile().map(Path::toAbsolutePath);
        if (watch != null && Optional.of(watch.file).equals(file) && watch.repeat == settings.repeat()) {
            return;
        }
        close();
        file.ifPresent(f -> watch = Watch.start(f, settings.repeat(), reload));
    }

    @Override
    public synchronized void close() {
        if (watch != null) {
            watch.stop();
            watch = null;
        }
    }

    /** One file watched, on its thread. */
    private static final class Watch {
        final Path file;
        final boolean repeat;
        private final Runnable reload;
        private final WatchService service;
        private final Thread thread;
        private ReloadTime.At scheduled;

        private Watch(Path file, boolean repeat, Runnable reload, WatchService service) {
            this.file = file;
            this.repeat = repeat;
            this.reload = reload;
            this.service = service;
            this.thread = Thread.ofPlatform().daemon(true).name("keepwatch-reload-timer").unstarted(this::run);
        }

        static Watch start(Path file, boolean repeat, Runnable reload) {
            Path dir = Objects.requireNonNullElse(file.getParent(), file.getRoot());
            try {
                WatchService service = FileSystems.getDefault().newWatchService();
                dir.register(service, StandardWatchEventKinds.ENTRY_CREATE, StandardWatchEventKinds.ENTRY_MODIFY,
                        StandardWatchEventKinds.ENTRY_DELETE);
                Watch w = new Watch(file, repeat, reload, service);
                w.thread.start();
                return w;
            } catch (IOException e) {
                LOG.warn("Unable to monitor reload timer file directory {} - ignoring ({})", dir, e.getMessage());
                return null;
            }
        }

        void stop() {
            try {
                service.close();
            } catch (IOException e) {
                // closing ends the thread's wait either way
            }
            try {
                thread.join(2000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        private void run() {
            read();
            try {
                while (true) {
                    long wait = scheduled == null ? Long.MAX_VALUE
                            : Math.max(0, Duration.between(Instant.now(), scheduled.at()).toMillis());
                    WatchKey key = service.poll(wait, TimeUnit.MILLISECONDS);
                    if (key == null) {
                        if (scheduled != null && !Instant.now().isBefore(scheduled.at())) {
                            fire();
                        }
                        continue;
                    }
                    boolean changed = changed(key);
                    if (!key.reset()) {
                        cancel();
                        LOG.warn("Directory of reload timer file has disappeared. Monitoring stopped.");
                        return;
                    }
                    if (changed) {
                        settle();
                        read();
                    }
                }
            } catch (ClosedWatchServiceException | InterruptedException e) {
                // stopped
            }
        }

        private boolean changed(WatchKey key) {
            boolean changed = false;
            for (WatchEvent<?> event : key.pollEvents()) {
                changed |= event.kind() == StandardWatchEventKinds.OVERFLOW
                        || file.getFileName().equals(event.context());
            }
            return changed;
        }

        /** Waits until the directory has been quiet for a moment (the events are read again then). */
        private void settle() throws InterruptedException {
            WatchKey more;
            while ((more = service.poll(SETTLE_MILLIS, TimeUnit.MILLISECONDS)) != null) {
                more.pollEvents();
                more.reset();
            }
        }

        private void read() {
            String line;
            try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                line = in.readLine();
            } catch (NoSuchFileException e) {
                cancel();
                return;
            } catch (IOException e) {
                LOG.warn("cannot read reload time file {}: {}", file, e.getMessage());
                cancel();
                return;
            }
            if (line == null) {
                cancel();
                return;
            }
            ReloadTime time = ReloadTime.parse(line, Instant.now(), ZoneId.systemDefault());
            if (time instanceof ReloadTime.Refused(String reason)) {
                LOG.warn("{}", reason);
                cancel();
            } else if (time instanceof ReloadTime.At at && (scheduled == null || !scheduled.at().equals(at.at()))) {
                if (scheduled == null) {
                    LOG.info("Scheduling reload for {}", shown(at.at()));
                } else {
                    LOG.info("Reload time updated from {} to {}", shown(scheduled.at()), shown(at.at()));
                }
                scheduled = at;
            }
        }

        private void cancel() {
            if (scheduled != null) {
                LOG.info("Cancelling reload scheduled for {}", shown(scheduled.at()));
                scheduled = null;
            }
        }

        private void fire() {
            ReloadTime.At due = scheduled;
            scheduled = null;
            if (!repeat || due.dateGiven()) {
                try {
                    Files.deleteIfExists(file);
                } catch (IOException e) {
                    LOG.warn("cannot remove reload time file {}: {}", file, e.getMessage());
                }
            }
            LOG.info("reload_time_file {}: reloading as scheduled for {}", file, shown(due.at()));
            reload.run();
            // The file, when kept, now names a time that has passed: read again, it means tomorrow.
            read();
        }

        private static String shown(Instant at) {
            // made here, as the zone is read here: java.time's formatting waits for the first scheduled reload
            return DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").format(at.atZone(ZoneId.systemDefault()));
        }
    }
}
