package io.keepwatch.config.model;

import io.keepwatch.plugin.api.ConfigNode;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A whole configuration, immutable, defaults applied. Every time is a {@link java.time.Duration}
 * (keepalived's own resolution is microseconds; advert intervals are whole seconds in v2 and
 * centiseconds in v3).
 *
 * @param global {@code global_defs}
 * @param instances every {@code vrrp_instance}, in file order
 * @param scripts every {@code vrrp_script}, in file order
 * @param syncGroups every {@code vrrp_sync_group}, in file order
 * @param checks every plugin-owned {@code vrrp_check NAME { ... }}, unbound, by name in file order
 * @param checkTracking the tracking keywords of each check (interval, timeout, weight, rise, fall,
 *                      init_fail), bound by the core so checks and vrrp_scripts are tracked alike
 * @param notifiers every plugin-owned {@code vrrp_notifier NAME { ... }}, unbound, by name in file order
 * @param statics {@code static_ipaddress}, {@code static_routes} and {@code static_rules}
 * @param trackers every {@code track_file} and {@code vrrp_track_process} block
 * @param garpGroups every {@code garp_group}, in file order
 * @param linkBeat top-level {@code linkbeat_use_polling} and {@code linkbeat_interfaces}
 * @param witnesses every plugin-owned {@code vrrp_witness NAME { ... }}, unbound, by name in file order
 */
public record KeepalivedConfig(GlobalDefs global, List<VrrpInstanceConfig> instances, List<VrrpScriptConfig> scripts,
                               List<SyncGroupConfig> syncGroups, Map<String, ConfigNode> checks,
                               Map<String, CheckTracking> checkTracking, Map<String, ConfigNode> notifiers,
                               StaticNetwork statics,
                               TrackerDefinitions trackers, List<GarpGroup> garpGroups, LinkBeat linkBeat,
                               Map<String, ConfigNode> witnesses) {
    public KeepalivedConfig {
        Objects.requireNonNull(global, "global");
        instances = List.copyOf(instances);
        scripts = List.copyOf(scripts);
        syncGroups = List.copyOf(syncGroups);
        checks = Collections.unmodifiableMap(new LinkedHashMap<>(checks));
        checkTracking = Collections.unmodifiableMap(new LinkedHashMap<>(checkTracking));
        notifiers = Collections.unmodifiableMap(new LinkedHashMap<>(notifiers));
        Objects.requireNonNull(statics, "statics");
        Objects.requireNonNull(trackers, "trackers");
        garpGroups = List.copyOf(garpGroups);
        Objects.requireNonNull(linkBeat, "linkBeat");
        witnesses = Collections.unmodifiableMap(new LinkedHashMap<>(witnesses));
    }

    /** A configuration without {@code vrrp_witness}. */
    public KeepalivedConfig(GlobalDefs global, List<VrrpInstanceConfig> instances, List<VrrpScriptConfig> scripts,
                            List<SyncGroupConfig> syncGroups, Map<String, ConfigNode> checks,
                            Map<String, CheckTracking> checkTracking, Map<String, ConfigNode> notifiers,
                            StaticNetwork statics, TrackerDefinitions trackers, List<GarpGroup> garpGroups,
                            LinkBeat linkBeat) {
        this(global, instances, scripts, syncGroups, checks, checkTracking, notifiers, statics, trackers, garpGroups,
                linkBeat, Map.of());
    }

    /** A configuration without linkbeat polling. */
    public KeepalivedConfig(GlobalDefs global, List<VrrpInstanceConfig> instances, List<VrrpScriptConfig> scripts,
                            List<SyncGroupConfig> syncGroups, Map<String, ConfigNode> checks,
                            Map<String, CheckTracking> checkTracking, Map<String, ConfigNode> notifiers,
                            StaticNetwork statics, TrackerDefinitions trackers, List<GarpGroup> garpGroups) {
        this(global, instances, scripts, syncGroups, checks, checkTracking, notifiers, statics, trackers, garpGroups,
                LinkBeat.NONE);
    }

    /** A configuration without {@code garp_group}. */
    public KeepalivedConfig(GlobalDefs global, List<VrrpInstanceConfig> instances, List<VrrpScriptConfig> scripts,
                            List<SyncGroupConfig> syncGroups, Map<String, ConfigNode> checks,
                            Map<String, CheckTracking> checkTracking, Map<String, ConfigNode> notifiers,
                            StaticNetwork statics, TrackerDefinitions trackers) {
        this(global, instances, scripts, syncGroups, checks, checkTracking, notifiers, statics, trackers, List.of());
    }

    public Optional<VrrpInstanceConfig> instance(String name) {
        return instances.stream().filter(i -> i.name().equals(name)).findFirst();
    }

    public Optional<VrrpScriptConfig> script(String name) {
        return scripts.stream().filter(s -> s.name().equals(name)).findFirst();
    }
}
