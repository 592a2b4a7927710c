package io.keepwatch.runtime;

import io.keepwatch.config.model.KeepalivedConfig;
import io.keepwatch.config.model.RouteConfig;
import io.keepwatch.config.model.RuleConfig;
import io.keepwatch.config.model.StaticNetwork;
import io.keepwatch.config.model.VirtualIpAddress;
import io.keepwatch.config.model.VirtualRouting;
import io.keepwatch.config.model.VrrpInstanceConfig;
import io.keepwatch.linux.AddressSpec;
import io.keepwatch.linux.NetlinkEvent;
import io.keepwatch.runtime.net.RoutingPlane;
import io.keepwatch.vrrp.VrrpState;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The routes, rules and static addresses of a configuration, on the VRRP thread, as keepalived
 * keeps them: {@code static_ipaddress}, {@code static_routes} and {@code static_rules} from the start
 * to the stop, and put back when someone else deletes one; an instance's {@code virtual_routes} and
 * {@code virtual_rules} while it is MASTER (added after its addresses, removed when it leaves MASTER
 * for any state). A tracked virtual route or rule that someone else deletes sends its MASTER to
 * BACKUP ({@link io.keepwatch.vrrp.VrrpEvent.Deleted}); a {@code no_track} one is only forgotten and
 * comes back at the next takeover.
 */
final class VirtualRoutes {

    private static final Logger LOG = LoggerFactory.getLogger(VirtualRoutes.class);

    private final RoutingPlane plane;
    /** The routing of every instance of the configuration in force, by name. */
    private final Map<String, VirtualRouting> routing = new HashMap<>();
    /** The instances that are MASTER now, and so hold their routes and rules. */
    private final Set<String> masters = new HashSet<>();
    private StaticNetwork statics = StaticNetwork.NONE;
    /** The links last seen down, whose static routes and addresses go back when they are up again. */
    private final Set<String> down = new HashSet<>();

    VirtualRoutes(RoutingPlane plane) {
        this.plane = plane;
    }

    /**
     * Removes what a run ended by kill -9 left (the routes and rules of this configuration marked with
     * keepalived's protocol), then adds the static addresses, routes and rules; before any instance starts.
     */
    void start(KeepalivedConfig config) {
        List<RouteConfig> routes = new ArrayList<>(config.statics().routes());
        List<RuleConfig> rules = new ArrayList<>(config.statics().rules());
        for (VrrpInstanceConfig instance : config.instances()) {
            routes.addAll(instance.routing().routes());
            rules.addAll(instance.routing().rules());
        }
        try {
            for (String left : plane.clearLeftovers(routes, rules)) {
                LOG.warn("removed {} left by an earlier run", left);
            }
        } catch (IOException e) {
            LOG.error("cannot look for routes and rules left by an earlier run: {}", e.getMessage());
        }
        remember(config);
        addStatics();
    }

    private void remember(KeepalivedConfig config) {
        routing.clear();
        config.instances().forEach(i -> routing.put(i.name(), i.routing()));
        statics = config.statics();
    }

    private void addStatics() {
        addresses(statics).forEach((device, specs) -> specs.forEach(spec -> plane.addAddress(device, spec)));
        plane.add(RoutingPlane.STATIC, statics.routes(), statics.rules());
    }

    private static Map<String, List<AddressSpec>> addresses(StaticNetwork statics) {
        Map<String, List<AddressSpec>> byDevice = new HashMap<>();
        for (VirtualIpAddress a : statics.addresses()) {
            byDevice.computeIfAbsent(a.device().orElseThrow(), d -> new ArrayList<>()).add(Wirings.addressSpec(a));
        }
        return byDevice;
    }

    /**
     * Wraps {@code next} so that routes and rules change with the state before the notifiers hear of
     * it; priority changes pass through to {@code next} (the notify FIFOs hear them).
     */
    TransitionListener around(TransitionListener next) {
        return new TransitionListener() {
            @Override
            public void onTransition(Transition transition) {
                transition(transition);
                next.onTransition(transition);
            }

            @Override
            public void priorityChanged(String instance, VrrpState state, int priority) {
                next.priorityChanged(instance, state, priority);
            }

            @Override
            public void masterRxLowerPriority(String instance, int priority) {
                next.masterRxLowerPriority(instance, priority);
            }
        };
    }

    private void transition(Transition t) {
        if (t.to() == VrrpState.MASTER) {
            masters.add(t.instance());
            VirtualRouting r = routing.getOrDefault(t.instance(), VirtualRouting.NONE);
            plane.add(t.instance(), r.routes(), r.rules());
        } else if (t.from() == VrrpState.MASTER) {
            masters.remove(t.instance());
            plane.remove(t.instance());
        }
    }

    /**
     * A reload is in force (the instances have been changed already): a MASTER that stayed MASTER
     * drops the routes and rules the new file no longer has and adds the new ones; the static ones
     * change alike (keepalived's clear_diff_static_*).
     */
    void reloaded(KeepalivedConfig next) {
        remember(next);
        for (String master : List.copyOf(masters)) {
            VirtualRouting r = routing.getOrDefault(master, VirtualRouting.NONE);
            plane.removeExcept(master, r.routes(), r.rules());
            plane.add(master, r.routes(), r.rules());
        }
        plane.removeExcept(RoutingPlane.STATIC, statics.routes(), statics.rules());
        plane.removeAddressesExcept(addresses(statics));
        addStatics();
    }

    /**
     * A route or rule marked as keepalived's was deleted: ours is put back when static, sends its
     * MASTER to BACKUP through {@code deleted} when tracked, and is only forgotten with no_track.
     */
    void onNetlink(NetlinkEvent event, BiConsumer<String, String> deleted) {
        try {
            if (event instanceof NetlinkEvent.AddressRemoved(var address)) {
                plane.addressDeleted(address).ifPresent(this::lost);
            } else if (event instanceof NetlinkEvent.RouteRemoved(var route)) {
                plane.routeDeleted(route).ifPresent(held -> lost(held.owner(), "route " + held.text(),
                        held.config().noTrack(), deleted));
            } else if (event instanceof NetlinkEvent.RuleRemoved(var rule)) {
                plane.ruleDeleted(rule).ifPresent(held -> lost(held.owner(), "rule " + held.text(),
                        held.config().noTrack(), deleted));
            }
        } catch (IOException e) {
            LOG.error("cannot read the routes and rules after a deletion: {}", e.getMessage());
        }
    }

    /**
     * A link's state: when one that was down comes back up, the static routes through it and the
     * static addresses on it are put back, as keepalived does at interface_up, since the kernel drops
     * routes (and IPv6 addresses) of a downed link without reporting each.
     */
    void linkState(String device, boolean up) {
        if (!up) {
            down.add(device);
        } else if (down.remove(device)) {
            plane.reinstate(RoutingPlane.STATIC, device);
            addStatics(); // those whose re-adding failed while the link was down
        }
    }

    /** A static address someone else deleted: put back, unless its line says no_track (keepalived). */
    private void lost(RoutingPlane.HeldAddress held) {
        boolean noTrack = statics.addresses().stream().anyMatch(a -> a.noTrack()
                && a.address().equals(held.spec().address()) && a.device().orElseThrow().equals(held.device()));
        if (noTrack) {
            LOG.info("static address {} on {} was deleted; no_track, so it stays away", held.spec(), held.device());
        } else {
            LOG.info("Restoring deleted static address {} on {}", held.spec(), held.device());
            plane.addAddress(held.device(), held.spec());
        }
    }

    private void lost(String owner, String what, boolean noTrack, BiConsumer<String, String> deleted) {
        if (owner.equals(RoutingPlane.STATIC)) {
            LOG.info("Restoring deleted static {}", what);
            plane.add(RoutingPlane.STATIC, statics.routes(), statics.rules());
        } else if (noTrack) {
            LOG.info("({}) {} was deleted; no_track, so it stays away until the next takeover", owner, what);
        } else if (masters.contains(owner)) {
            LOG.warn("({}) {} was deleted by someone else", owner, what);
            deleted.accept(owner, what);
        }
    }

    /** At the stop, after every instance has left MASTER: the static rules, routes and addresses go. */
    void stop() {
        plane.removeExcept(RoutingPlane.STATIC, List.of(), List.of());
        plane.removeAddressesExcept(Map.of());
        plane.close();
    }
}
