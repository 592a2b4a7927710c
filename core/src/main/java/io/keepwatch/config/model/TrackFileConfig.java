package io.keepwatch.config.model;

import java.util.Objects;
import java.util.Optional;

/**
 * A {@code track_file NAME { ... }} block ({@code vrrp_track_file} is keepalived's older name for
 * it): a file whose number each tracker multiplies by its weight.
 *
 * @param name the name {@code track_file} entries give
 * @param file {@code file PATH} (required)
 * @param weight {@code weight N [reverse]}, -254..254; default 1
 * @param weightReverse {@code reverse} after the weight: the product is negated
 * @param init {@code init_file [VALUE] [overwrite]}: write the value at start
 */
public record TrackFileConfig(String name, String file, int weight, boolean weightReverse,
                              Optional<InitFile> init) {
    /** keepalived's default weight of a tracked file. */
    public static final int DEFAULT_WEIGHT = 1;

    public TrackFileConfig {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(init, "init");
    }

    /**
     * {@code init_file [VALUE] [overwrite]}: the file is created with VALUE (default 0) when it does
     * not exist; with {@code overwrite}, a regular file is written at the start even when it exists
     * (but not on a reload).
     */
    public record InitFile(int value, boolean overwrite) {}
}
