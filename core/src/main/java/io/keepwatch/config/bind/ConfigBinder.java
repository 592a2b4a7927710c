package io.keepwatch.config.bind;

import io.keepwatch.config.diagnostic.Diagnostics;
import io.keepwatch.config.model.CheckTracking;
import io.keepwatch.config.model.GarpGroup;
import io.keepwatch.config.model.GlobalDefs;
import io.keepwatch.config.model.KeepalivedConfig;
import io.keepwatch.config.model.StaticNetwork;
import io.keepwatch.config.model.SyncGroupConfig;
import io.keepwatch.config.model.TrackFileConfig;
import io.keepwatch.config.model.TrackProcessConfig;
import io.keepwatch.config.model.TrackerDefinitions;
import io.keepwatch.config.model.VrrpInstanceConfig;
import io.keepwatch.config.model.VrrpScriptConfig;
import io.keepwatch.plugin.api.ConfigNode;
import io.keepwatch.plugin.api.SourcePosition;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Turns the top-level blocks into a {@link KeepalivedConfig}. {@code global_defs} is bound first
 * (instances inherit from it wherever it stands); {@code vrrp_check}, {@code vrrp_notifier} and
 * {@code vrrp_witness} belong to plugins and are kept unbound. Unknown blocks are warned about and skipped, as keepalived does.
 */
public final class ConfigBinder {
    private final Diagnostics diagnostics;
    private final Values values;

    public ConfigBinder(Diagnostics diagnostics) {
        this.diagnostics = diagnostics;
        this.values = new Values(diagnostics);
    }

    /** The model, or empty when there was any error (the diagnostics say which). */
    public Optional<KeepalivedConfig> bind(List<ConfigNode> top) {
        GlobalDefsBinder globalBinder = new GlobalDefsBinder(values);
        LinkBeatBinder linkBeat = new LinkBeatBinder(diagnostics);
        Map<String, List<ConfigNode>> blocks = new HashMap<>();
        for (ConfigNode n : top) {
            switch (n.keyword()) {
                case "global_defs" -> globalBinder.bind(n);
                case "vrrp_instance", "vrrp_script", "vrrp_sync_group", "vrrp_check", "vrrp_notifier",
                     "vrrp_witness", "vrrp_track_process" -> blocks.computeIfAbsent(n.keyword(), k -> new ArrayList<>()).add(n);
                case "static_ipaddress", "static_routes", "static_rules" ->
                        blocks.computeIfAbsent("static", k -> new ArrayList<>()).add(n);
                // keepalived's track_file, and vrrp_track_file its older name: one set of names
                case "track_file", "vrrp_track_file" -> blocks.computeIfAbsent("track_file", k -> new ArrayList<>()).add(n);
                case "track_group" -> blocks.computeIfAbsent("track_group", k -> new ArrayList<>()).add(n);
                case "garp_group" -> blocks.computeIfAbsent("garp_group", k -> new ArrayList<>()).add(n);
                case String k when LinkBeatBinder.KEYWORDS.contains(k) -> linkBeat.bind(n);
                default -> OutOfScope.warn(diagnostics, n, "");
            }
        }
        GlobalDefs global = globalBinder.build();
        StaticTrackGroupBinder trackGroups = new StaticTrackGroupBinder(values,
                blocks.getOrDefault("track_group", List.of()), blocks.getOrDefault("vrrp_instance", List.of()).stream()
                        .flatMap(b -> b.arguments().stream().limit(1)).collect(Collectors.toSet()));
        StaticNetwork statics = values.routing().statics(blocks.getOrDefault("static", List.of()), values,
                new VirtualAddressBinder(values), global.host().defaultInterface(), trackGroups);

        Map<String, ConfigNode> checks = named(blocks.getOrDefault("vrrp_check", List.of()));
        Map<String, ConfigNode> notifiers = named(blocks.getOrDefault("vrrp_notifier", List.of()));
        Map<String, ConfigNode> witnesses = named(blocks.getOrDefault("vrrp_witness", List.of()));
        List<ConfigNode> scriptBlocks = blocks.getOrDefault("vrrp_script", List.of());
        Map<String, ConfigNode> scriptsByName = named(scriptBlocks);
        for (String clash : scriptsByName.keySet()) {
            if (checks.containsKey(clash)) {
                diagnostics.error(checks.get(clash).position(), "vrrp_check " + clash + " has the name of vrrp_script "
                        + clash + " at " + where(scriptsByName.get(clash).position(), checks.get(clash).position()));
            }
        }
        Set<String> trackable = new HashSet<>(scriptsByName.keySet());
        trackable.addAll(checks.keySet());

        List<VrrpScriptConfig> scripts = new ArrayList<>();
        VrrpScriptBinder scriptBinder = new VrrpScriptBinder(values);
        for (ConfigNode block : scriptsByName.values()) scriptBinder.bind(block).ifPresent(scripts::add);
        Map<String, CheckTracking> checkTracking = new LinkedHashMap<>();
        checks.forEach((name, block) -> scriptBinder.checkTracking(block).ifPresent(t -> checkTracking.put(name, t)));
        Tracking tracking = new Tracking(values, trackable, name ->
                scripts.stream().filter(s -> s.name().equals(name)).findFirst().map(VrrpScriptConfig::weightReverse)
                        .orElseGet(() -> checkTracking.containsKey(name) && checkTracking.get(name).weightReverse()));

        TrackerBlocksBinder trackerBinder = new TrackerBlocksBinder(values);
        List<TrackFileConfig> files = new ArrayList<>();
        for (ConfigNode block : named(blocks.getOrDefault("track_file", List.of())).values()) {
            trackerBinder.file(block).ifPresent(files::add);
        }
        List<TrackProcessConfig> processes = new ArrayList<>();
        for (ConfigNode block : named(blocks.getOrDefault("vrrp_track_process", List.of())).values()) {
            trackerBinder.process(block).ifPresent(processes::add);
        }
        TrackerDefinitions trackers = new TrackerDefinitions(files, processes);
        ObjectTracking objects = new ObjectTracking(tracking, trackers, diagnostics);

        List<ConfigNode> instanceBlocks = blocks.getOrDefault("vrrp_instance", List.of());
        instanceBlocks.forEach(linkBeat::instance);
        WitnessUseBinder.checkReferences(diagnostics, instanceBlocks, witnesses.keySet());
        Map<String, ConfigNode> instancesByName = named(instanceBlocks);
        VrrpInstanceBinder instanceBinder = new VrrpInstanceBinder(values, tracking, objects, global);
        List<VrrpInstanceBinder.Bound> bound = new ArrayList<>();
        for (ConfigNode block : instancesByName.values()) instanceBinder.bind(block).ifPresent(bound::add);
        checkVirtualRouterIds(bound);

        List<SyncGroupConfig> groups = new ArrayList<>();
        List<SourcePosition> groupAt = new ArrayList<>();
        SyncGroupBinder groupBinder = new SyncGroupBinder(values, tracking, objects, global.smtpAlert(),
                instancesByName.keySet(), new HashMap<>(), bound.stream().map(VrrpInstanceBinder.Bound::config)
                .filter(c -> c.witness().elects()).map(VrrpInstanceConfig::name).collect(Collectors.toSet()));
        for (ConfigNode block : named(blocks.getOrDefault("vrrp_sync_group", List.of())).values()) {
            groupBinder.bind(block).ifPresent(g -> {
                groups.add(g);
                groupAt.add(block.position());
            });
        }

        TrackingRules rules = new TrackingRules(diagnostics, tracking, scripts, checkTracking);
        List<VrrpInstanceConfig> instances = bound.stream().map(b -> {
            Optional<SyncGroupConfig> group = groups.stream().filter(g -> g.instances().contains(b.config().name()))
                    .findFirst();
            return objects.complete(rules.instance(b.config(), group, b.position()), group, b.position());
        }).toList();
        for (int i = 0; i < groups.size(); i++) {
            SyncGroupConfig g = groups.get(i);
            List<VrrpInstanceConfig> members = instances.stream().filter(m -> g.instances().contains(m.name())).toList();
            groups.set(i, objects.complete(rules.group(g, members, groupAt.get(i)), members, groupAt.get(i)));
        }
        List<GarpGroup> garpGroups = new GarpGroupBinder(values).bind(blocks.getOrDefault("garp_group", List.of()));
        if (diagnostics.hasErrors()) return Optional.empty();
        return Optional.of(new KeepalivedConfig(global, instances, scripts, groups, checks, checkTracking,
                notifiers, statics, trackers, garpGroups, linkBeat.build(), witnesses));
    }

    /** Blocks by their name (first argument), in file order; a second block of one name is an error. */
    private Map<String, ConfigNode> named(List<ConfigNode> list) {
        Map<String, ConfigNode> byName = new LinkedHashMap<>();
        for (ConfigNode block : list) {
            if (block.arguments().isEmpty()) {
                diagnostics.error(block.position(), block.keyword() + " needs a name");
                continue;
            }
            String name = block.arguments().getFirst();
            ConfigNode first = byName.putIfAbsent(name, block);
            if (first != null) {
                diagnostics.error(block.position(), block.keyword() + " " + name + " is already defined at "
                        + where(first.position(), block.position()));
            }
        }
        return byName;
    }

    /** "line N" when {@code target} is in the file of {@code from}, else "file:line". */
    static String where(SourcePosition target, SourcePosition from) {
        return target.file().equals(from.file()) ? "line " + target.line() : target.toString();
    }

    /** RFC 9568 5.2.3: the VRID identifies the virtual router on its LAN, per address family. */
    private void checkVirtualRouterIds(List<VrrpInstanceBinder.Bound> bound) {
        Map<String, VrrpInstanceBinder.Bound> seen = new HashMap<>();
        for (VrrpInstanceBinder.Bound b : bound) {
            VrrpInstanceConfig c = b.config();
            if (c.witness().elects()) {
                continue; // no adverts, so no virtual router on the LAN (WitnessUse)
            }
            String key = c.interfaceName() + "/" + c.family() + "/" + c.virtualRouterId();
            VrrpInstanceBinder.Bound first = seen.putIfAbsent(key, b);
            if (first != null) {
                SourcePosition at = b.vridPosition();
                diagnostics.error(at, "vrrp_instance " + c.name() + ": virtual_router_id " + c.virtualRouterId()
                        + " (" + c.family().label() + ") on " + c.interfaceName() + " is already used by vrrp_instance "
                        + first.config().name());
            }
        }
    }
}
