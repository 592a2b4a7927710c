package io.keepwatch.config.model;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * A notify FIFO: {@code notify_fifo PATH [USER [GROUP]]} (or {@code vrrp_notify_fifo}) with its
 * {@code notify_fifo_script SCRIPT [USER [GROUP]]}. Each state change is written to it as a line
 * {@code INSTANCE "VI_1" MASTER 100}, as keepalived writes it.
 *
 * @param path where the FIFO is; keepwatch creates it when it is missing
 * @param user the owner a FIFO keepwatch creates is given; empty means the default script user
 * @param group its group; empty means the user's group
 * @param script the program started with the FIFO's path as its last argument, which reads it
 */
public record NotifyFifo(Path path, Optional<String> user, Optional<String> group, Optional<NotifyScript> script) {
    public NotifyFifo {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(group, "group");
        Objects.requireNonNull(script, "script");
    }
}
