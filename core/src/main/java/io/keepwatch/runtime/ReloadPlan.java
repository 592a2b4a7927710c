package io.keepwatch.runtime;

import io.keepwatch.config.model.GlobalDefs;
import io.keepwatch.config.model.KeepalivedConfig;
import io.keepwatch.config.model.SyncGroupConfig;
import io.keepwatch.config.model.TrackedScript;
import io.keepwatch.config.model.VrrpInstanceConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What a reload changes, by instance name. An instance counts as unchanged only when everything
 * that shapes its election is equal: its own block, its sync group, the scripts and checks it
 * tracks, and the global settings the engine and the wire use. Unchanged instances are not touched
 * at all, which is what keeps a reload from flapping a VIP.
 *
 * @param removed   in the old configuration only
 * @param changed   in both, different
 * @param added     in the new configuration only
 * @param unchanged in both, equal
 */
record ReloadPlan(List<String> removed, List<String> changed, List<String> added, List<String> unchanged) {

    static ReloadPlan between(KeepalivedConfig old, KeepalivedConfig next) {
        List<String> removed = new ArrayList<>();
        List<String> changed = new ArrayList<>();
        List<String> added = new ArrayList<>();
        List<String> unchanged = new ArrayList<>();
        for (VrrpInstanceConfig instance : old.instances()) {
            if (next.instance(instance.name()).isEmpty()) {
                removed.add(instance.name());
            }
        }
        for (VrrpInstanceConfig instance : next.instances()) {
            Optional<VrrpInstanceConfig> before = old.instance(instance.name());
            if (before.isEmpty()) {
                added.add(instance.name());
            } else if (fingerprint(before.get(), old).equals(fingerprint(instance, next))) {
                unchanged.add(instance.name());
            } else {
                changed.add(instance.name());
            }
        }
        return new ReloadPlan(List.copyOf(removed), List.copyOf(changed), List.copyOf(added), List.copyOf(unchanged));
    }

    /** The instances to (re)start, in the new file's order. */
    List<String> startOrder() {
        List<String> order = new ArrayList<>(changed);
        order.addAll(added);
        return order;
    }

    private record Fingerprint(VrrpInstanceConfig instance, Optional<SyncGroupConfig> group, List<Object> tracked,
                               Object wireGlobals) {}

    private static Fingerprint fingerprint(VrrpInstanceConfig instance, KeepalivedConfig config) {
        Optional<SyncGroupConfig> group = InstanceSpecs.syncGroupOf(instance.name(), config);
        List<TrackedScript> trackedScripts = new ArrayList<>(instance.trackScripts());
        group.ifPresent(g -> trackedScripts.addAll(g.trackScripts()));
        List<Object> tracked = new ArrayList<>();
        for (TrackedScript script : trackedScripts) {
            tracked.add(config.script(script.name()).map(Object.class::cast)
                    .orElseGet(() -> Objects.requireNonNullElse(config.checks().get(script.name()), script.name())));
        }
        // the interfaces its static track groups make it track: a change restarts it with the new trackers
        tracked.add(config.statics().trackedInterfaces(instance.name()));
        GlobalDefs g = config.global();
        List<Object> wireGlobals = List.of(g.vrrpMcastGroup4(), g.vrrpMcastGroup6(), g.vrrpHigherPrioSendAdvert(),
                g.vrrpLowerPrioNoAdvert(), g.garp(), g.advertGlobals());
        return new Fingerprint(instance, group, tracked, wireGlobals);
    }

    @Override
    public String toString() {
        return "unchanged " + unchanged + ", changed " + changed + ", added " + added + ", removed " + removed;
    }
}
