package io.keepwatch.config.model;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * What {@code global_defs} says about reloads.
 *
 * @param checkConfigLog {@code reload_check_config [LOG_FILE]}: where the check of a reloaded file
 *                       writes its messages ({@code /dev/null} when no file is named); empty when not set
 * @param timeFile {@code reload_time_file PATH}: a file holding the time of a scheduled reload
 * @param repeat {@code reload_repeat}: the time file is kept after its reload, so a time without a
 *               date reloads every day
 * @param reloadFile {@code reload_file [PATH]}: present while a reload reads the configuration
 * @param configSaveDir {@code config_save_dir DIR}: where the configuration before and after each
 *                      reload is saved
 */
public record ReloadSettings(Optional<Path> checkConfigLog, Optional<Path> timeFile, boolean repeat,
                             Optional<Path> reloadFile, Optional<Path> configSaveDir) {
    public static final ReloadSettings DEFAULTS = new ReloadSettings(Optional.empty(), Optional.empty(), false,
            Optional.empty(), Optional.empty());
    /** {@code reload_check_config} without a file: keepalived writes the check's output nowhere. */
    public static final Path NO_LOG = Path.of("/dev/null");
    /** {@code reload_file} without a path: keepalived's {@code keepalived.reload} in the PID directory. */
    public static final Path DEFAULT_RELOAD_FILE = Path.of("/run/keepwatch.reload");

    public ReloadSettings {
        Objects.requireNonNull(checkConfigLog, "checkConfigLog");
        Objects.requireNonNull(timeFile, "timeFile");
        Objects.requireNonNull(reloadFile, "reloadFile");
        Objects.requireNonNull(configSaveDir, "configSaveDir");
    }
}
