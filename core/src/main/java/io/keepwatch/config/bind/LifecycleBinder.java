package io.keepwatch.config.bind;

import io.keepwatch.config.diagnostic.Diagnostics;
import io.keepwatch.config.model.Lifecycle;
import io.keepwatch.config.model.NotifyFifo;
import io.keepwatch.config.model.NotifyScript;
import io.keepwatch.config.model.ReloadSettings;
import io.keepwatch.config.model.TimedScript;
import io.keepwatch.plugin.api.ConfigNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;

/**
 * Binds the {@code global_defs} keywords of {@link Lifecycle}: notify FIFOs, start-up and shutdown
 * scripts, reloads. Where keepalived ignores a line with a message (a second {@code notify_fifo}, a
 * timeout out of range), this warns and ignores it too.
 */
final class LifecycleBinder {

    static final Set<String> KEYWORDS = Set.of("notify_fifo", "notify_fifo_script", "vrrp_notify_fifo",
            "vrrp_notify_fifo_script", "fifo_write_vrrp_states_on_reload", "vrrp_notify_priority_changes",
            "startup_script", "startup_script_timeout", "shutdown_script", "shutdown_script_timeout",
            "reload_check_config", "reload_time_file", "reload_repeat", "reload_file", "config_save_dir",
            "data_use_instance");

    private final Values values;
    private final Diagnostics diagnostics;

    /** One FIFO's lines as written, before they are put together. */
    private static final class Fifo {
        ConfigNode line;
        Optional<NotifyScript> script = Optional.empty();
        ConfigNode scriptLine;
    }

    private final Fifo notifyFifo = new Fifo();
    private final Fifo vrrpNotifyFifo = new Fifo();
    private boolean writeStatesOnReload;
    private boolean priorityChanges;
    private Optional<NotifyScript> startupScript = Optional.empty();
    private Duration startupTimeout = TimedScript.DEFAULT_TIMEOUT;
    private Optional<NotifyScript> shutdownScript = Optional.empty();
    private Duration shutdownTimeout = TimedScript.DEFAULT_TIMEOUT;
    private Optional<Path> checkConfigLog = Optional.empty();
    private Optional<Path> timeFile = Optional.empty();
    private boolean repeat;
    private Optional<Path> reloadFile = Optional.empty();
    private Optional<Path> configSaveDir = Optional.empty();
    private boolean dataUseInstance;

    LifecycleBinder(Values values) {
        this.values = values;
        this.diagnostics = values.diagnostics();
    }

    void bind(ConfigNode n) {
        switch (n.keyword()) {
            case "notify_fifo" -> fifo(n, notifyFifo);
            case "vrrp_notify_fifo" -> fifo(n, vrrpNotifyFifo);
            case "notify_fifo_script" -> fifoScript(n, notifyFifo);
            case "vrrp_notify_fifo_script" -> fifoScript(n, vrrpNotifyFifo);
            case "fifo_write_vrrp_states_on_reload" -> writeStatesOnReload = true;
            case "vrrp_notify_priority_changes" -> values.flag(n).ifPresent(b -> priorityChanges = b);
            case "startup_script" -> startupScript = script(n, startupScript);
            case "shutdown_script" -> shutdownScript = script(n, shutdownScript);
            case "startup_script_timeout" -> startupTimeout = timeout(n).orElse(startupTimeout);
            case "shutdown_script_timeout" -> shutdownTimeout = timeout(n).orElse(shutdownTimeout);
            case "reload_check_config" -> checkConfigLog = Optional.of(
                    n.arguments().isEmpty() ? ReloadSettings.NO_LOG : Path.of(n.arguments().getFirst()));
            case "reload_time_file" -> {
                if (n.arguments().size() != 1) {
                    diagnostics.warning(n.position(), "reload_time_file needs one file name; ignored");
                } else {
                    timeFile = Optional.of(Path.of(n.arguments().getFirst()));
                }
            }
            case "reload_repeat" -> repeat = true;
            case "reload_file" -> reloadFile = Optional.of(
                    n.arguments().isEmpty() ? ReloadSettings.DEFAULT_RELOAD_FILE : Path.of(n.arguments().getFirst()));
            case "config_save_dir" -> saveDir(n);
            case "data_use_instance" -> values.flag(n).ifPresent(b -> dataUseInstance = b);
            default -> throw new IllegalArgumentException(n.keyword());
        }
    }

    private void fifo(ConfigNode n, Fifo fifo) {
        if (n.arguments().isEmpty()) {
            diagnostics.warning(n.position(), "no " + n.keyword() + " name specified; ignored");
        } else if (fifo.line != null) {
            diagnostics.warning(n.position(), n.keyword() + " already specified; ignoring " + n.arguments().getFirst());
        } else if (n.arguments().size() > 3) {
            diagnostics.warning(n.position(), n.keyword() + " takes a FIFO and at most a user and a group; ignored");
        } else {
            fifo.line = n;
        }
    }

    private void fifoScript(ConfigNode n, Fifo fifo) {
        if (fifo.script.isPresent()) {
            diagnostics.warning(n.position(), n.keyword() + " already specified; ignored");
            return;
        }
        fifo.script = Tracking.notifyScript(values, n);
        fifo.scriptLine = n;
    }

    private Optional<NotifyScript> script(ConfigNode n, Optional<NotifyScript> before) {
        if (before.isPresent()) {
            diagnostics.warning(n.position(), n.keyword() + " already specified; ignored");
            return before;
        }
        return Tracking.notifyScript(values, n);
    }

    private Optional<Duration> timeout(ConfigNode n) {
        Optional<String> word = values.word(n);
        if (word.isEmpty()) {
            return Optional.empty();
        }
        try {
            int seconds = Integer.parseInt(word.get());
            if (seconds >= 1 && seconds <= 1000) {
                return Optional.of(Duration.ofSeconds(seconds));
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        diagnostics.warning(n.position(), n.keyword() + " '" + word.get() + "' must be in [1, 1000]; ignored");
        return Optional.empty();
    }

    /**
     * keepalived creates the directory (its parent must exist) when it reads the line; a check of
     * the file must change nothing, so keepwatch creates it when it first saves into it.
     */
    private void saveDir(ConfigNode n) {
        Optional<String> word = values.word(n);
        if (word.isEmpty()) {
            return;
        }
        Path dir = Path.of(word.get()).toAbsolutePath();
        if (Files.exists(dir) && !Files.isDirectory(dir)) {
            diagnostics.warning(n.position(), "config_save_dir " + word.get() + " exists and is not a directory; ignored");
        } else if (!Files.exists(dir) && (dir.getParent() == null || !Files.isDirectory(dir.getParent()))) {
            diagnostics.warning(n.position(), "config_save_dir " + word.get()
                    + ": its parent directory does not exist; ignored");
        } else {
            configSaveDir = Optional.of(Path.of(word.get()));
        }
    }

    private Optional<NotifyFifo> fifo(Fifo fifo, String keyword) {
        if (fifo.line == null) {
            fifo.script.ifPresent(s -> diagnostics.warning(fifo.scriptLine.position(), keyword
                    + "_script without " + keyword + "; ignored"));
            return Optional.empty();
        }
        var args = fifo.line.arguments();
        return Optional.of(new NotifyFifo(Path.of(args.getFirst()),
                args.size() > 1 ? Optional.of(args.get(1)) : Optional.empty(),
                args.size() > 2 ? Optional.of(args.get(2)) : Optional.empty(), fifo.script));
    }

    Lifecycle build() {
        Optional<NotifyFifo> global = fifo(notifyFifo, "notify_fifo");
        Optional<NotifyFifo> vrrp = fifo(vrrpNotifyFifo, "vrrp_notify_fifo");
        if (global.isPresent() && vrrp.isPresent() && global.get().path().equals(vrrp.get().path())) {
            // keepalived: one FIFO is written once, through notify_fifo
            diagnostics.warning(vrrpNotifyFifo.line.position(), "notify FIFO " + vrrp.get().path()
                    + " has been specified for global and vrrp FIFO; vrrp_notify_fifo ignored");
            vrrp = Optional.empty();
        }
        return new Lifecycle(global, vrrp, writeStatesOnReload, priorityChanges,
                startupScript.map(s -> new TimedScript(s, startupTimeout)),
                shutdownScript.map(s -> new TimedScript(s, shutdownTimeout)),
                new ReloadSettings(checkConfigLog, timeFile, repeat, reloadFile, configSaveDir), dataUseInstance);
    }
}
