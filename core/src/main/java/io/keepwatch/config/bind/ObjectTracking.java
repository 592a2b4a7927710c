package io.keepwatch.config.bind;

import io.keepwatch.config.diagnostic.Diagnostics;
import io.keepwatch.config.model.SyncGroupConfig;
import io.keepwatch.config.model.TrackFileConfig;
import io.keepwatch.config.model.TrackProcessConfig;
import io.keepwatch.config.model.TrackedObjects;
import io.keepwatch.config.model.TrackedScript;
import io.keepwatch.config.model.TrackerDefinitions;
import io.keepwatch.config.model.VrrpInstanceConfig;
import io.keepwatch.plugin.api.ConfigNode;
import io.keepwatch.plugin.api.SourcePosition;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The {@code track_file}, {@code track_process} and {@code track_src_ip} keywords of instances and
 * sync groups ({@code track_bfd} is {@link OutOfScope}), and keepalived's completion of them (vrrp_complete_instance and
 * sync_group_tracking_init in keepalived/vrrp/vrrp.c), each change a warning at the entry's line:
 *
 * <ul>
 *   <li>a member of a sync group without {@code sync_group_tracking_weight}, or an address owner:
 *       a track_file entry of weight 1 (the default) tracks with weight 0, one of another non-zero
 *       weight is dropped (track_process entries keep their weights, as in keepalived);</li>
 *   <li>a sync group with an address owner among its members: its track_file and track_process
 *       entries get weight 0;</li>
 *   <li>track_src_ip without {@code unicast_src_ip} or {@code mcast_src_ip} is dropped.</li>
 * </ul>
 */
final class ObjectTracking {
    private final Tracking tracking;
    private final TrackerDefinitions definitions;
    private final Diagnostics diagnostics;

    ObjectTracking(Tracking tracking, TrackerDefinitions definitions, Diagnostics diagnostics) {
        this.tracking = tracking;
        this.definitions = definitions;
        this.diagnostics = diagnostics;
    }

    /** Reads the keywords of one instance ({@code instance}) or sync group, labelled {@code label}. */
    Reader reader(String label, boolean instance) {
        return new Reader(label, instance);
    }

    final class Reader {
        private final String label;
        private final boolean instance;
        private final List<TrackedScript> files = new ArrayList<>();
        private final List<TrackedScript> processes = new ArrayList<>();
        private boolean sourceAddress;

        private Reader(String label, boolean instance) {
            this.label = label;
            this.instance = instance;
        }

        /** Reads {@code n} when it is one of these keywords; false when it is another. */
        boolean read(ConfigNode n) {
            switch (n.keyword()) {
                case "track_file" -> addNew(files, tracking.entries(n, "track_file",
                        name -> definitions.file(name).isPresent(), "track_file",
                        name -> definitions.file(name).map(TrackFileConfig::weightReverse).orElse(false),
                        TrackerBlocksBinder.MAX_WEIGHT));
                case "track_process" -> addNew(processes, tracking.entries(n, "track_process",
                        name -> definitions.process(name).isPresent(), "vrrp_track_process",
                        name -> definitions.process(name).map(TrackProcessConfig::weightReverse).orElse(false),
                        TrackerBlocksBinder.MAX_WEIGHT));
                case "track_src_ip" -> {
                    if (!instance) return false;
                    sourceAddress = true;
                }
                default -> {
                    return false;
                }
            }
            return true;
        }

        /** keepalived ignores a second entry for the same object, with a warning. */
        private void addNew(List<TrackedScript> into, List<TrackedScript> read) {
            for (TrackedScript t : read) {
                if (into.stream().anyMatch(e -> e.name().equals(t.name()))) {
                    diagnostics.warning(at(t, null), label + ": duplicate entry for " + t.name() + "; ignored");
                } else {
                    into.add(t);
                }
            }
        }

        TrackedObjects build() {
            return new TrackedObjects(files, processes, sourceAddress);
        }
    }

    /** An instance's entries once its sync group is known. */
    VrrpInstanceConfig complete(VrrpInstanceConfig vi, Optional<SyncGroupConfig> group, SourcePosition blockAt) {
        String label = "vrrp_instance " + vi.name();
        boolean syncUnweighted = group.isPresent() && !group.get().trackingWeight();
        boolean owner = vi.priority() == VrrpInstanceConfig.OWNER_PRIORITY;
        TrackedObjects t = vi.tracked();
        List<TrackedScript> files = t.files();
        if (syncUnweighted || owner) {
            String why = syncUnweighted ? "it is in vrrp_sync_group " + group.get().name()
                    + " without sync_group_tracking_weight" : "it is the address owner (priority 255)";
            files = new ArrayList<>();
            for (TrackedScript f : t.files()) {
                int weight = fileWeight(f);
                if (weight == TrackFileConfig.DEFAULT_WEIGHT) {
                    diagnostics.warning(at(f, blockAt), label + ": track_file " + f.name() + " tracks with weight 0"
                            + " since " + why + " (write weight 0 to say so)");
                    files.add(new TrackedScript(f.name(), OptionalInt.of(0), fileReverse(f)));
                } else if (weight != 0) {
                    diagnostics.warning(at(f, blockAt), label + ": track_file " + f.name() + " with weight " + weight
                            + " is ignored since " + why);
                } else {
                    files.add(f);
                }
            }
        }
        boolean sourceAddress = t.sourceAddress();
        if (sourceAddress && vi.unicastSrcIp().isEmpty() && vi.mcastSrcIp().isEmpty()) {
            diagnostics.warning(blockAt, label + ": track_src_ip ignored; it tracks the unicast_src_ip or mcast_src_ip"
                    + " the instance sets, and it sets neither");
            sourceAddress = false;
        }
        // Whether this changed anything, without the records' equals: a record's equals is made at its
        // first call, and this runs before the first advert (see the start-up rule in io.keepwatch.runtime).
        if (files == t.files() && sourceAddress == t.sourceAddress()) {
            return vi;
        }
        return vi.withTracked(new TrackedObjects(files, t.processes(), sourceAddress));
    }

    /** A group with an address owner among {@code members} tracks files and processes with weight 0. */
    SyncGroupConfig complete(SyncGroupConfig g, List<VrrpInstanceConfig> members, SourcePosition blockAt) {
        Optional<VrrpInstanceConfig> owner = members.stream()
                .filter(m -> m.priority() == VrrpInstanceConfig.OWNER_PRIORITY).findFirst();
        if (owner.isEmpty()) return g;
        String why = "; weight 0 since member " + owner.get().name() + " has priority 255";
        List<TrackedScript> files = new ArrayList<>();
        for (TrackedScript f : g.tracked().files()) {
            files.add(unweighted(f, fileWeight(f), fileReverse(f), "vrrp_sync_group " + g.name() + ": track_file ", why,
                    blockAt));
        }
        List<TrackedScript> processes = new ArrayList<>();
        for (TrackedScript p : g.tracked().processes()) {
            Optional<TrackProcessConfig> block = definitions.process(p.name());
            int weight = p.weight().orElseGet(() -> block.map(TrackProcessConfig::weight).orElse(0));
            boolean reverse = p.weight().isPresent() ? p.reverse() : block.map(TrackProcessConfig::weightReverse).orElse(false);
            processes.add(unweighted(p, weight, reverse, "vrrp_sync_group " + g.name() + ": track_process ", why,
                    blockAt));
        }
        TrackedObjects completed = new TrackedObjects(files, processes, false);
        return completed.equals(g.tracked()) ? g : g.withTracked(completed);
    }

    /** The entry with weight 0; its reverse (which then says whether up is FAULT) is kept, as keepalived keeps it. */
    private TrackedScript unweighted(TrackedScript t, int weight, boolean reverse, String label, String why,
                                     SourcePosition blockAt) {
        if (weight == 0) return t;
        diagnostics.warning(at(t, blockAt), label + t.name() + " weight " + weight + " ignored" + why);
        return new TrackedScript(t.name(), OptionalInt.of(0), reverse);
    }

    private boolean fileReverse(TrackedScript f) {
        return f.weight().isPresent() ? f.reverse()
                : definitions.file(f.name()).map(TrackFileConfig::weightReverse).orElse(false);
    }

    private int fileWeight(TrackedScript f) {
        return f.weight().orElseGet(() -> definitions.file(f.name()).map(TrackFileConfig::weight)
                .orElse(TrackFileConfig.DEFAULT_WEIGHT));
    }

    private SourcePosition at(Object entry, SourcePosition fallback) {
        SourcePosition at = tracking.positionOf(entry);
        return at != null ? at : fallback;
    }
}
