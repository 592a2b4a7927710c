package io.keepwatch.config.model;

import java.util.List;

/**
 * What an instance or a sync group tracks besides interfaces and scripts.
 *
 * @param files {@code track_file { NAME [weight N [reverse|noreverse]] ... }}
 * @param processes {@code track_process { NAME [weight N [reverse|noreverse]] ... }}
 * @param sourceAddress {@code track_src_ip} (instances only): FAULT while the configured
 *                      {@code unicast_src_ip} or {@code mcast_src_ip} is missing from the interface
 */
public record TrackedObjects(List<TrackedScript> files, List<TrackedScript> processes, boolean sourceAddress) {
    public static final TrackedObjects NONE = new TrackedObjects(List.of(), List.of(), false);

    public TrackedObjects {
        files = List.copyOf(files);
        processes = List.copyOf(processes);
    }
}
