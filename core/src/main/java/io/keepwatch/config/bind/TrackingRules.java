package io.keepwatch.config.bind;

import io.keepwatch.config.diagnostic.Diagnostics;
import io.keepwatch.config.model.CheckTracking;
import io.keepwatch.config.model.SyncGroupConfig;
import io.keepwatch.config.model.TrackedInterface;
import io.keepwatch.config.model.TrackedScript;
import io.keepwatch.config.model.VrrpInstanceConfig;
import io.keepwatch.config.model.VrrpScriptConfig;
import io.keepwatch.plugin.api.SourcePosition;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * keepalived's completion of tracking (vrrp_complete_instance and sync_group_tracking_init in
 * keepalived/vrrp/vrrp.c), applied once instances and sync groups are bound, so that a mixed pair
 * computes the same priority and enters FAULT on the same events:
 *
 * <ul>
 *   <li>a track_interface naming the instance's own interface is dropped (its link already puts
 *       the instance in FAULT);</li>
 *   <li>a member of a sync group without {@code sync_group_tracking_weight}: its weighted
 *       track_script entries are dropped, since members change state together. Its weighted
 *       track_interface entries keep their weights: keepalived 2.2.7 logs that it ignores them,
 *       but it has already attached them to the interface with their weight, and its adverts
 *       carry it;</li>
 *   <li>otherwise an address owner (priority 255): its weighted entries are dropped, its priority
 *       never moves;</li>
 *   <li>a sync group with an address owner among its members: the group's own entries get weight 0.</li>
 * </ul>
 * Each change is a warning at the entry's line.
 */
final class TrackingRules {
    private final Diagnostics diagnostics;
    private final Tracking tracking;
    private final List<VrrpScriptConfig> scripts;
    private final Map<String, CheckTracking> checks;

    TrackingRules(Diagnostics diagnostics, Tracking tracking, List<VrrpScriptConfig> scripts,
                  Map<String, CheckTracking> checks) {
        this.diagnostics = diagnostics;
        this.tracking = tracking;
        this.scripts = scripts;
        this.checks = checks;
    }

    VrrpInstanceConfig instance(VrrpInstanceConfig vi, Optional<SyncGroupConfig> group, SourcePosition blockAt) {
        String label = "vrrp_instance " + vi.name();
        boolean syncUnweighted = group.isPresent() && !group.get().trackingWeight();
        boolean owner = vi.priority() == VrrpInstanceConfig.OWNER_PRIORITY;
        String why = syncUnweighted ? "it is in vrrp_sync_group " + group.get().name()
                + " without sync_group_tracking_weight" : "it is the address owner (priority 255)";

        List<TrackedInterface> interfaces = new ArrayList<>();
        for (TrackedInterface t : vi.trackInterfaces()) {
            SourcePosition at = at(t, blockAt);
            if (t.name().equals(vi.interfaceName())) {
                diagnostics.warning(at, label + ": track_interface " + t.name() + " is the instance's own interface;"
                        + " ignored" + (vi.dontTrackPrimary() ? "" : " (the instance goes to FAULT while it is down)"));
            } else if (t.weight() != 0 && owner && !syncUnweighted) {
                diagnostics.warning(at, label + ": track_interface " + t.name() + " with a weight is ignored since " + why);
            } else {
                interfaces.add(t);
            }
        }
        List<TrackedScript> trackScripts = new ArrayList<>();
        for (TrackedScript t : vi.trackScripts()) {
            if (weight(t) != 0 && (syncUnweighted || owner)) {
                diagnostics.warning(at(t, blockAt), label + ": track_script " + t.name() + " with weight " + weight(t)
                        + " is ignored since " + why);
            } else {
                trackScripts.add(t);
            }
        }
        return new VrrpInstanceConfig(vi.name(), vi.state(), vi.interfaceName(), vi.virtualRouterId(), vi.priority(),
                vi.advertInterval(), vi.version(), vi.family(), vi.authentication(), vi.virtualIpAddresses(),
                vi.virtualIpAddressesExcluded(), vi.unicastSrcIp(), vi.unicastPeers(), vi.mcastSrcIp(), vi.nopreempt(),
                vi.preemptDelay(), vi.garp(), vi.accept(), interfaces, trackScripts, vi.notifyScripts(), vi.smtpAlert(),
                vi.downTimerAdverts(), vi.dontTrackPrimary(), vi.vmac(), vi.notifyOptions(), vi.routing(), vi.tracked(),
                vi.advert(), vi.splitBrainHeal(), vi.notifyConflict(), vi.interfaceOptions(), vi.witness(),
                vi.authHmac());
    }

    /** A group with an address owner among {@code members} tracks without weights. */
    SyncGroupConfig group(SyncGroupConfig g, List<VrrpInstanceConfig> members, SourcePosition blockAt) {
        Optional<VrrpInstanceConfig> owner = members.stream()
                .filter(m -> m.priority() == VrrpInstanceConfig.OWNER_PRIORITY).findFirst();
        if (owner.isEmpty()) return g;
        String label = "vrrp_sync_group " + g.name();
        String why = "; weight 0 since member " + owner.get().name() + " has priority 255";
        List<TrackedInterface> interfaces = new ArrayList<>();
        for (TrackedInterface t : g.trackInterfaces()) {
            if (t.weight() != 0) {
                diagnostics.warning(at(t, blockAt), label + ": track_interface " + t.name() + " weight " + t.weight()
                        + " ignored" + why);
                interfaces.add(new TrackedInterface(t.name(), 0, t.reverse()));
            } else {
                interfaces.add(t);
            }
        }
        List<TrackedScript> trackScripts = new ArrayList<>();
        for (TrackedScript t : g.trackScripts()) {
            int weight = weight(t);
            if (weight != 0) {
                diagnostics.warning(at(t, blockAt), label + ": track_script " + t.name() + " weight " + weight
                        + " ignored" + why);
                trackScripts.add(new TrackedScript(t.name(), OptionalInt.of(0), reverse(t)));
            } else {
                trackScripts.add(t);
            }
        }
        return new SyncGroupConfig(g.name(), g.instances(), g.notifyScripts(), g.smtpAlert(), interfaces, trackScripts,
                g.trackingWeight(), g.notifyPriorityChanges(), g.tracked());
    }

    /** The weight an entry tracks with: its own, else its script's or check's. */
    private int weight(TrackedScript t) {
        if (t.weight().isPresent()) return t.weight().getAsInt();
        return scripts.stream().filter(s -> s.name().equals(t.name())).findFirst().map(VrrpScriptConfig::weight)
                .orElseGet(() -> checks.containsKey(t.name()) ? checks.get(t.name()).weight() : 0);
    }

    private boolean reverse(TrackedScript t) {
        if (t.weight().isPresent()) return t.reverse();
        return scripts.stream().filter(s -> s.name().equals(t.name())).findFirst().map(VrrpScriptConfig::weightReverse)
                .orElseGet(() -> checks.containsKey(t.name()) && checks.get(t.name()).weightReverse());
    }

    private SourcePosition at(Object entry, SourcePosition fallback) {
        SourcePosition at = tracking.positionOf(entry);
        return at != null ? at : fallback;
    }
}
