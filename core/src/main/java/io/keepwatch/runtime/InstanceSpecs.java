package io.keepwatch.runtime;

import io.keepwatch.config.model.CheckTracking;
import io.keepwatch.config.model.GarpConfig;
import io.keepwatch.config.model.InitialState;
import io.keepwatch.config.model.KeepalivedConfig;
import io.keepwatch.config.model.SyncGroupConfig;
import io.keepwatch.config.model.TrackedInterface;
import io.keepwatch.config.model.TrackedScript;
import io.keepwatch.config.model.VirtualIpAddress;
import io.keepwatch.config.model.VrrpInstanceConfig;
import io.keepwatch.runtime.net.GarpPacing;
import io.keepwatch.vrrp.AddressFamily;
import io.keepwatch.vrrp.GarpSettings;
import io.keepwatch.vrrp.InstanceSpec;
import io.keepwatch.vrrp.TrackerSpec;
import io.keepwatch.vrrp.VirtualAddress;
import io.keepwatch.vrrp.VrrpState;
import io.keepwatch.vrrp.VrrpVersion;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Maps a parsed {@code vrrp_instance} to the engine's {@link InstanceSpec}. The configuration
 * speaks keepalived's language (durations, track_* lists, sync group membership); the engine wants
 * only what the election needs, so this is where the two meet.
 */
final class InstanceSpecs {

    /** The engine's tracker for track_src_ip: down (FAULT) while the configured source address is missing. */
    static final String SOURCE_ADDRESS_TRACKER = "track_src_ip";

    private InstanceSpecs() {}

    /**
     * @param primaryAddress our address for tie-breaks and as the advert's source: unicast_src_ip or
     *                       mcast_src_ip when set, else the interface's first address of the family
     */
    static InstanceSpec from(VrrpInstanceConfig instance, KeepalivedConfig config, InetAddress primaryAddress) {
        InstanceSpec.Builder builder = InstanceSpec.builder(instance.name(), instance.virtualRouterId(), primaryAddress)
                .version(instance.version())
                .interfaceName(instance.interfaceName())
                .priority(instance.priority())
                .advertIntervalCentis(Math.toIntExact(instance.advertInterval().toMillis() / 10))
                .preempt(!instance.nopreempt() || instance.priority() == InstanceSpec.PRIORITY_OWNER)
                .preemptDelay(instance.preemptDelay())
                .downTimerAdverts(instance.downTimerAdverts())
                .initialState(instance.state() == InitialState.MASTER
                        ? VrrpState.MASTER : VrrpState.BACKUP)
                .vips(addresses(instance.virtualIpAddresses()))
                .excludedVips(addresses(instance.virtualIpAddressesExcluded()))
                .garp(garp(instance))
                .higherPrioSendAdvert(instance.advert().higherPrioSendAdvert())
                .lowerPrioNoAdvert(instance.advert().lowerPrioNoAdvert())
                .configFault(unicastWithoutPeers(instance))
                .elected(instance.witness().elects())
                .trackers(trackers(instance, config));
        return builder.build();
    }

    /**
     * keepalived's {@code unicast_fault_no_peer}: a unicast instance without peers cannot send to
     * anyone, so it stays in FAULT rather than fall back to multicast.
     */
    private static String unicastWithoutPeers(VrrpInstanceConfig instance) {
        return instance.advert().unicastFaultNoPeer() && instance.unicastPeers().isEmpty()
                ? "unicast_fault_no_peer: no unicast_peer" : null;
    }

    static List<VirtualAddress> addresses(List<VirtualIpAddress> vips) {
        return vips.stream().map(v -> new VirtualAddress(v.address(), v.prefixLength())).toList();
    }

    /** The spacing of gratuitous announcements per interface: the garp_groups, else the global intervals. */
    static GarpPacing garpPacing(KeepalivedConfig config) {
        List<GarpPacing.Group> groups = config.garpGroups().stream()
                .map(g -> new GarpPacing.Group(g.garpInterval().orElse(Duration.ZERO),
                        g.gnaInterval().orElse(Duration.ZERO), new HashSet<>(g.interfaces())))
                .toList();
        return new GarpPacing(config.global().garp().interval(), config.global().garp().gnaInterval(), groups);
    }

    static GarpSettings garp(VrrpInstanceConfig instance) {
        GarpConfig garp = instance.garp();
        // keepalived accepts a repeat of 0 and then sends one message; the engine counts from 1.
        return new GarpSettings(garp.masterDelay(), Math.max(1, garp.masterRepeat()), garp.masterRefresh(),
                Math.max(1, garp.masterRefreshRepeat()), garp.lowerPrioDelay(), garp.lowerPrioRepeat(),
                garp.extraIf().map(GarpConfig.GarpExtraIf::interval).orElse(Duration.ZERO),
                extraIfVips(instance));
    }

    /**
     * keepalived's garp_extra_if: the first address on each interface other than the instance's.
     * Without {@code all} it refreshes VMAC interfaces only; keepwatch makes none, so there are none.
     */
    private static List<VirtualAddress> extraIfVips(VrrpInstanceConfig instance) {
        if (instance.garp().extraIf().filter(GarpConfig.GarpExtraIf::all).isEmpty()) {
            return List.of();
        }
        Map<String, VirtualAddress> byDevice = new LinkedHashMap<>();
        for (List<VirtualIpAddress> list : List.of(instance.virtualIpAddresses(), instance.virtualIpAddressesExcluded())) {
            for (VirtualIpAddress v : list) {
                String device = v.device().orElse(instance.interfaceName());
                if (!device.equals(instance.interfaceName())) {
                    byDevice.putIfAbsent(device, new VirtualAddress(v.address(), v.prefixLength()));
                }
            }
        }
        return List.copyOf(byDevice.values());
    }

    /**
     * The instance's own track_script and track_interface entries, then those of its sync group
     * (keepalived applies a group's trackers to every member). An object the instance and its group
     * both track takes the group's weight, unless the instance's entry has weight 0 (keepalived's
     * add_vrrp_to_interface / add_vrrp_to_track_script). The group's track_interface naming the
     * member's own interface adds nothing, since that link already puts it in FAULT, unless the
     * member has dont_track_primary.
     */
    static List<TrackerSpec> trackers(VrrpInstanceConfig instance, KeepalivedConfig config) {
        Map<String, TrackerSpec> byName = new LinkedHashMap<>();
        for (TrackedScript tracked : instance.trackScripts()) {
            if (!byName.containsKey(tracked.name())) {
                scriptTracker(tracked, config).ifPresent(t -> byName.put(tracked.name(), t));
            }
        }
        for (TrackedInterface tracked : instance.trackInterfaces()) {
            byName.putIfAbsent(tracked.name(), interfaceTracker(tracked));
        }
        for (TrackedScript tracked : instance.tracked().files()) {
            fileTracker(tracked, config).ifPresent(t -> byName.putIfAbsent(t.name(), t));
        }
        for (TrackedScript tracked : instance.tracked().processes()) {
            processTracker(tracked, config).ifPresent(t -> byName.putIfAbsent(t.name(), t));
        }
        // keepalived's static track groups: the interface of each static line naming the group, weight 0
        for (String name : config.statics().trackedInterfaces(instance.name())) {
            if (!name.equals(instance.interfaceName()) || instance.dontTrackPrimary()) {
                fromGroup(byName, interfaceTracker(new TrackedInterface(name, 0, false)));
            }
        }
        if (instance.tracked().sourceAddress()) {
            byName.put(SOURCE_ADDRESS_TRACKER, new TrackerSpec(SOURCE_ADDRESS_TRACKER, 0, false, true));
        }
        if (instance.witness().elects()) {
            byName.put(ElectionRun.WITNESS_TRACKER, new TrackerSpec(ElectionRun.WITNESS_TRACKER, 0, false, true));
        }
        if (instance.witness().fences()) {
            // FAULT until the witness's session is live (WitnessFences): a host that cannot reach the
            // witness must not win the election and keep a peer that can from holding the addresses
            String witness = io.keepwatch.runtime.witness.WitnessFences.tracker(instance.witness().witness());
            byName.put(witness, new TrackerSpec(witness, 0, false, false));
        }
        syncGroupOf(instance.name(), config).ifPresent(group -> {
            for (TrackedScript tracked : group.tracked().files()) {
                fileTracker(tracked, config).ifPresent(t -> fromGroup(byName, t));
            }
            for (TrackedScript tracked : group.tracked().processes()) {
                processTracker(tracked, config).ifPresent(t -> fromGroup(byName, t));
            }
            for (TrackedScript tracked : group.trackScripts()) {
                scriptTracker(tracked, config).ifPresent(t -> fromGroup(byName, t));
            }
            for (TrackedInterface tracked : group.trackInterfaces()) {
                if (!tracked.name().equals(instance.interfaceName()) || instance.dontTrackPrimary()) {
                    fromGroup(byName, interfaceTracker(tracked));
                }
            }
        });
        return List.copyOf(byName.values());
    }

    private static void fromGroup(Map<String, TrackerSpec> byName, TrackerSpec fromGroup) {
        TrackerSpec own = byName.get(fromGroup.name());
        if (own == null) {
            byName.put(fromGroup.name(), fromGroup);
        } else if (own.weight() != 0) {
            byName.put(own.name(), new TrackerSpec(own.name(), fromGroup.weight(), fromGroup.reverse(), own.initialLevel(),
                    own.scaled()));
        }
    }

    private static TrackerSpec interfaceTracker(TrackedInterface tracked) {
        return new TrackerSpec(tracked.name(), tracked.weight(), tracked.reverse(), true);
    }

    /**
     * The tracker of a track_script entry; empty for a vrrp_script disabled when the configuration
     * was applied (the binder refuses names that name nothing), which keepalived ignores too.
     */
    private static Optional<TrackerSpec> scriptTracker(TrackedScript tracked, KeepalivedConfig config) {
        var script = config.script(tracked.name());
        if (script.isPresent()) {
            int weight = tracked.weight().orElse(script.get().weight());
            boolean reverse = tracked.weight().isPresent() ? tracked.reverse() : script.get().weightReverse();
            return Optional.of(new TrackerSpec(tracked.name(), weight, reverse, !script.get().initFail()));
        }
        // A plugin-provided vrrp_check: the core binds its tracking keywords, the plugin the rest.
        CheckTracking check = config.checkTracking().get(tracked.name());
        if (check == null) {
            return Optional.empty();
        }
        int weight = tracked.weight().orElse(check.weight());
        boolean reverse = tracked.weight().isPresent() ? tracked.reverse() : check.weightReverse();
        return Optional.of(new TrackerSpec(tracked.name(), weight, reverse, !check.initFail()));
    }

    /**
     * The tracker of a track_file entry: the file's number times the weight (keepalived's
     * track_file.c); its level comes from {@link TrackedFiles} before the instance starts.
     */
    private static Optional<TrackerSpec> fileTracker(TrackedScript tracked, KeepalivedConfig config) {
        return config.trackers().file(tracked.name()).map(file -> TrackerSpec.scaled(
                TrackedFiles.trackerName(file.name()), tracked.weight().orElse(file.weight()),
                tracked.weight().isPresent() ? tracked.reverse() : file.weightReverse(), 0));
    }

    /**
     * The tracker of a track_process entry: up while the quorum holds (keepalived's vrrp_track.c);
     * its state comes from {@link TrackedProcesses} before the instance starts.
     */
    private static Optional<TrackerSpec> processTracker(TrackedScript tracked, KeepalivedConfig config) {
        return config.trackers().process(tracked.name()).map(process -> new TrackerSpec(
                TrackedProcesses.trackerName(process.name()), tracked.weight().orElse(process.weight()),
                tracked.weight().isPresent() ? tracked.reverse() : process.weightReverse(), true));
    }

    static Optional<SyncGroupConfig> syncGroupOf(String instance, KeepalivedConfig config) {
        return config.syncGroups().stream().filter(g -> g.instances().contains(instance)).findFirst();
    }

    static boolean isIpv6(VrrpInstanceConfig instance) {
        return instance.family() == AddressFamily.IPV6;
    }
}
