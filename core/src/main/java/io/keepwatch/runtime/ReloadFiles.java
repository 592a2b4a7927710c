package io.keepwatch.runtime;

import io.keepwatch.config.ConfigPrinter;
import io.keepwatch.config.diagnostic.Diagnostic;
import io.keepwatch.config.model.KeepalivedConfig;
import io.keepwatch.config.model.ReloadSettings;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The files around a reload, as keepalived keeps them (main.c, config_notify.c), each named by the
 * configuration in force when the reload starts:
 *
 * <ul>
 *   <li>{@code reload_file}: created (or emptied) before the configuration is read, removed once it
 *       is read, so that a tool changing the files can wait for a reload to have read them;</li>
 *   <li>{@code reload_check_config LOG_FILE}: the check of the new file writes its messages there
 *       (emptied first); a refused reload points to it;</li>
 *   <li>{@code config_save_dir DIR}: the configuration in force before the reload and the one after
 *       it, as {@code check-config --dump} prints them, to {@code keepwatch_vrrp.PID.N.pre} and
 *       {@code .post} (keepalived saves its data dump under {@code keepalived_vrrp.PID.N.pre}).</li>
 * </ul>
 *
 * A file that cannot be written is logged, and the reload goes on. Used by one reload at a time.
 */
final class ReloadFiles {

    private static final Logger LOG = LoggerFactory.getLogger(ReloadFiles.class);

    private int reloads;

    /** Before the new configuration is read. */
    void reading(KeepalivedConfig current) {
        ReloadSettings reload = current.global().lifecycle().reload();
        reload.reloadFile().ifPresent(file -> write(file, "", "reload file"));
        reloads++;
        reload.configSaveDir().ifPresent(dir -> save(dir, "pre", current));
    }

    /**
     * Once it is read: the reload file goes, the check's messages are written.
     *
     * @return the check's log, when the reload is to be refused and it names one
     */
    Optional<Path> read(KeepalivedConfig current, List<Diagnostic> diagnostics, boolean refused) {
        ReloadSettings reload = current.global().lifecycle().reload();
        reload.reloadFile().ifPresent(file -> {
            try {
                Files.deleteIfExists(file);
            } catch (IOException e) {
                LOG.warn("cannot remove reload file {}: {}", file, e.getMessage());
            }
        });
        Optional<Path> log = reload.checkConfigLog();
        log.ifPresent(file -> write(file, diagnostics.stream().map(d -> d + "\n").collect(Collectors.joining()),
                "reload_check_config log"));
        return refused ? log : Optional.empty();
    }

    /** After the new configuration is applied. */
    void applied(KeepalivedConfig current, KeepalivedConfig next) {
        current.global().lifecycle().reload().configSaveDir().ifPresent(dir -> save(dir, "post", next));
    }

    private void save(Path dir, String phase, KeepalivedConfig config) {
        try {
            if (!Files.isDirectory(dir)) {
                // keepalived creates it rwx------ (its parent must exist)
                Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            }
        } catch (IOException e) {
            LOG.warn("unable to create config_save_dir {}: {}", dir, e.getMessage());
            return;
        }
        Path file = dir.resolve("keepwatch_vrrp." + ProcessHandle.current().pid() + "." + reloads + "." + phase);
        write(file, ConfigPrinter.print(config), "config_save_dir file");
    }

    private static void write(Path file, String text, String what) {
        try {
            Files.writeString(file, text, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                    StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE);
        } catch (IOException e) {
            LOG.warn("cannot write {} {}: {}", what, file, e.getMessage());
        }
    }
}
