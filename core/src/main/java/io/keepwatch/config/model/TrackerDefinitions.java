package io.keepwatch.config.model;

import java.util.List;
import java.util.Optional;

/**
 * The top-level objects that {@code track_file} and {@code track_process} entries name, in file order.
 *
 * @param files every {@code track_file} (or {@code vrrp_track_file}) block
 * @param processes every {@code vrrp_track_process} block
 */
public record TrackerDefinitions(List<TrackFileConfig> files, List<TrackProcessConfig> processes) {
    public static final TrackerDefinitions NONE = new TrackerDefinitions(List.of(), List.of());

    public TrackerDefinitions {
        files = List.copyOf(files);
        processes = List.copyOf(processes);
    }

    public Optional<TrackFileConfig> file(String name) {
        return files.stream().filter(f -> f.name().equals(name)).findFirst();
    }

    public Optional<TrackProcessConfig> process(String name) {
        return processes.stream().filter(p -> p.name().equals(name)).findFirst();
    }
}
