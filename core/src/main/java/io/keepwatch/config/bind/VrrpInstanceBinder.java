package io.keepwatch.config.bind;

import io.keepwatch.config.Diagnostics;
import io.keepwatch.config.model.AddressText;
import io.keepwatch.config.model.AuthType;
import io.keepwatch.config.model.Authentication;
import io.keepwatch.config.model.GarpSettings;
import io.keepwatch.config.model.GlobalDefs;
import io.keepwatch.config.model.InitialState;
import io.keepwatch.config.model.IpFamily;
import io.keepwatch.config.model.NotifyScripts;
import io.keepwatch.config.model.TrackedInterface;
import io.keepwatch.config.model.TrackedScript;
import io.keepwatch.config.model.UnicastPeer;
import io.keepwatch.config.model.VirtualIpAddress;
import io.keepwatch.config.model.VrrpInstanceConfig;
import io.keepwatch.config.model.VrrpVersion;
import io.keepwatch.plugin.api.ConfigNode;
import io.keepwatch.plugin.api.SourcePosition;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Binds one {@code vrrp_instance} block, then completes it as keepalived does: derives what was not
 * written (version, priority, state, accept) and fixes, with a warning, what cannot work together.
 */
final class VrrpInstanceBinder {
    /** An instance with the lines later cross-checks point at. */
    record Bound(VrrpInstanceConfig config, SourcePosition position, SourcePosition vridPosition) {}

    private static final long CENTI_NANOS = 10_000_000L;
    private static final long SECOND_NANOS = 1_000_000_000L;

    private final Values values;
    private final Diagnostics diagnostics;
    private final Tracking tracking;
    private final GlobalDefs global;
    private final AuthenticationBinder authenticationBinder;
    private final VirtualAddressBinder vipBinder;

    VrrpInstanceBinder(Values values, Tracking tracking, GlobalDefs global) {
        this.authenticationBinder = new AuthenticationBinder(values);
        this.vipBinder = new VirtualAddressBinder(values);
        this.values = values;
        this.diagnostics = values.diagnostics();
        this.tracking = tracking;
        this.global = global;
    }

    Optional<Bound> bind(ConfigNode block) {
        String name = block.arguments().getFirst(); // blocks without a name were reported and left out
        String label = "vrrp_instance " + name;
        int errorCount = diagnostics.all().size();

        InitialState state = null;
        String interfaceName = null;
        Integer vrid = null;
        SourcePosition vridAt = block.position();
        Integer priority = null;
        Duration advert = null;
        SourcePosition advertAt = block.position();
        VrrpVersion version = null;
        SourcePosition versionAt = block.position();
        Authentication auth = Authentication.NONE;
        SourcePosition authAt = block.position();
        List<VirtualIpAddress> vips = new ArrayList<>();
        List<SourcePosition> vipAt = new ArrayList<>();
        List<VirtualIpAddress> evips = new ArrayList<>();
        Optional<InetAddress> unicastSrc = Optional.empty();
        SourcePosition unicastSrcAt = block.position();
        List<UnicastPeer> peers = new ArrayList<>();
        List<SourcePosition> peerAt = new ArrayList<>();
        Optional<InetAddress> mcastSrc = Optional.empty();
        SourcePosition mcastSrcAt = block.position();
        boolean nopreempt = false;
        SourcePosition nopreemptAt = block.position();
        Duration preemptDelay = Duration.ZERO;
        SourcePosition preemptDelayAt = block.position();
        GarpSettings g = global.garp();
        Duration garpDelay = g.masterDelay(), garpRefresh = g.masterRefresh(), garpInterval = g.interval(),
                gnaInterval = g.gnaInterval();
        int garpRepeat = g.masterRepeat(), garpRefreshRepeat = g.masterRefreshRepeat();
        Boolean accept = null;
        List<TrackedInterface> trackInterfaces = new ArrayList<>();
        List<TrackedScript> trackScripts = new ArrayList<>();
        NotifyScripts[] notify = {NotifyScripts.NONE};
        boolean smtpAlert = global.smtpAlert();
        int downTimerAdverts = VrrpInstanceConfig.DEFAULT_DOWN_TIMER_ADVERTS;
        SourcePosition downTimerAt = block.position();
        boolean dontTrackPrimary = false;

        for (ConfigNode n : block.children()) {
            if (tracking.notify(n, notify)) continue;
            switch (n.keyword()) {
                case "state" -> {
                    var w = values.word(n);
                    if (w.isPresent()) {
                        switch (w.get()) {
                            case "MASTER" -> state = InitialState.MASTER;
                            case "BACKUP" -> state = InitialState.BACKUP;
                            default -> diagnostics.error(n.position(), "state '" + w.get() + "' is neither MASTER nor BACKUP");
                        }
                    }
                }
                case "interface" -> interfaceName = values.word(n).orElse(interfaceName);
                case "virtual_router_id" -> {
                    var v = values.integer(n, 1, 255);
                    if (v.isPresent()) {
                        vrid = v.getAsInt();
                        vridAt = n.position();
                    }
                }
                case "priority" -> {
                    var v = values.integer(n, 1, 255);
                    if (v.isPresent()) priority = v.getAsInt();
                }
                case "advert_int" -> {
                    var d = values.seconds(n, 255);
                    if (d.isPresent()) {
                        if (d.get().isZero()) {
                            diagnostics.error(n.position(), "advert_int must be more than 0");
                        } else {
                            advert = d.get();
                            advertAt = n.position();
                        }
                    }
                }
                case "version" -> {
                    var v = values.integer(n, 2, 3);
                    if (v.isPresent()) {
                        version = v.getAsInt() == 2 ? VrrpVersion.V2 : VrrpVersion.V3;
                        versionAt = n.position();
                    }
                }
                case "authentication" -> {
                    auth = authenticationBinder.bind(n, label);
                    authAt = n.position();
                }
                case "virtual_ipaddress" -> {
                    for (ConfigNode line : values.block(n)) {
                        vipBinder.bind(line).ifPresent(v -> {
                            vips.add(v);
                            vipAt.add(line.position());
                        });
                    }
                }
                case "virtual_ipaddress_excluded" -> {
                    for (ConfigNode line : values.block(n)) vipBinder.bind(line).ifPresent(evips::add);
                }
                case "unicast_src_ip" -> {
                    unicastSrc = values.word(n).flatMap(t -> values.hostAddress(n, t));
                    unicastSrcAt = n.position();
                }
                case "unicast_peer" -> {
                    for (ConfigNode line : values.block(n)) {
                        unicastPeer(line, label).ifPresent(p -> {
                            peers.add(p);
                            peerAt.add(line.position());
                        });
                    }
                }
                case "mcast_src_ip" -> {
                    mcastSrc = values.word(n).flatMap(t -> values.hostAddress(n, t));
                    mcastSrcAt = n.position();
                }
                case "nopreempt" -> {
                    nopreempt = true;
                    nopreemptAt = n.position();
                }
                case "preempt" -> nopreempt = false;
                case "preempt_delay" -> {
                    var d = values.seconds(n, 1000);
                    if (d.isPresent()) {
                        preemptDelay = d.get();
                        preemptDelayAt = n.position();
                    }
                }
                case "garp_master_delay" -> {
                    var v = values.integer(n, 0, 1000);
                    if (v.isPresent()) garpDelay = Duration.ofSeconds(v.getAsInt());
                }
                case "garp_master_repeat" -> {
                    var v = values.integer(n, 1, 1000);
                    if (v.isPresent()) garpRepeat = v.getAsInt();
                }
                case "garp_master_refresh" -> {
                    var v = values.integer(n, 0, 1_000_000);
                    if (v.isPresent()) garpRefresh = Duration.ofSeconds(v.getAsInt());
                }
                case "garp_master_refresh_repeat" -> {
                    var v = values.integer(n, 1, 1000);
                    if (v.isPresent()) garpRefreshRepeat = v.getAsInt();
                }
                case "garp_interval" -> garpInterval = values.seconds(n, 1000).orElse(garpInterval);
                case "gna_interval" -> gnaInterval = values.seconds(n, 1000).orElse(gnaInterval);
                case "accept" -> accept = true;
                case "no_accept" -> accept = false;
                case "track_interface" -> trackInterfaces.addAll(tracking.interfaces(n));
                case "track_script" -> trackScripts.addAll(tracking.scripts(n));
                case "smtp_alert" -> smtpAlert = values.flag(n).orElse(smtpAlert);
                case "down_timer_adverts" -> {
                    var v = values.integer(n, 3, 100);
                    if (v.isPresent()) {
                        downTimerAdverts = v.getAsInt();
                        downTimerAt = n.position();
                    }
                }
                case "dont_track_primary" -> dontTrackPrimary = true;
                default -> diagnostics.warning(n.position(), "unknown keyword '" + n.keyword() + "' in " + label
                        + "; ignored");
            }
        }

        if (block.child("interface").isEmpty()) diagnostics.error(block.position(), label + " has no interface");
        if (block.child("virtual_router_id").isEmpty()) {
            diagnostics.error(block.position(), label + " has no virtual_router_id");
        }

        // The first virtual address sets the family; keepalived refuses the others (RFC 9568 5.2.9:
        // an advert carries addresses of one family only).
        IpFamily family = vips.isEmpty() ? IpFamily.IPV4 : vips.getFirst().family();
        for (int i = 1; i < vips.size(); i++) {
            if (vips.get(i).family() != family) {
                diagnostics.error(vipAt.get(i), label + ": " + vips.get(i).family().label() + " address "
                        + AddressText.of(vips.get(i).address()) + " among " + family.label() + " addresses");
            }
        }
        sameFamily(label, "unicast_src_ip", unicastSrc, unicastSrcAt, family);
        sameFamily(label, "mcast_src_ip", mcastSrc, mcastSrcAt, family);
        for (int i = 0; i < peers.size(); i++) {
            sameFamily(label, "unicast_peer", Optional.of(peers.get(i).address()), peerAt.get(i), family);
        }

        // VRRPv2 is IPv4 only (RFC 3768 1); IPv6 needs v3 (RFC 9568 1).
        if (version == null) {
            version = family == IpFamily.IPV6 ? VrrpVersion.V3 : global.vrrpVersion();
        } else if (version == VrrpVersion.V2 && family == IpFamily.IPV6) {
            diagnostics.error(versionAt, label + ": IPv6 addresses need VRRP version 3");
        }

        // keepalived: an unset priority follows the state, an unset state follows the priority.
        if (priority == null) {
            priority = state == InitialState.MASTER ? VrrpInstanceConfig.OWNER_PRIORITY : VrrpInstanceConfig.DEFAULT_PRIORITY;
        }
        boolean owner = priority == VrrpInstanceConfig.OWNER_PRIORITY;
        if (state == null) {
            state = owner ? InitialState.MASTER : InitialState.BACKUP;
        } else if (global.vrrpStrict() && (state == InitialState.MASTER) != owner) {
            // RFC 9568 6.4.1: only the address owner (priority 255) starts as master.
            diagnostics.warning(block.position(), label + ": vrrp_strict: state MASTER needs priority 255 and"
                    + " priority 255 needs state MASTER; state set to " + (owner ? "MASTER" : "BACKUP"));
            state = owner ? InitialState.MASTER : InitialState.BACKUP;
        }

        if (auth.type() != AuthType.NONE) {
            if (global.vrrpStrict()) {
                diagnostics.warning(authAt, label + ": vrrp_strict does not allow authentication; ignored");
                auth = Authentication.NONE;
            } else if (version == VrrpVersion.V3) {
                // RFC 5798 removed the authentication of RFC 3768.
                diagnostics.warning(authAt, label + ": VRRP version 3 has no authentication; ignored");
                auth = Authentication.NONE;
            } else if (auth.type() == AuthType.AH && state == InitialState.MASTER && !owner) {
                // keepalived: a backup learns the AH sequence number from the master's adverts
                // before it may take over, so it starts as BACKUP.
                diagnostics.warning(authAt, label + ": auth_type AH does not work with state MASTER below"
                        + " priority 255; state set to BACKUP");
                state = InitialState.BACKUP;
            }
        }

        if (advert == null) {
            advert = Duration.ofSeconds(1);
        } else {
            advert = roundAdvert(label, advert, version, advertAt);
        }

        if (owner && nopreempt) {
            diagnostics.warning(nopreemptAt, label + ": nopreempt does not apply to priority 255; cleared");
            nopreempt = false;
        }
        if (state == InitialState.MASTER) {
            if (nopreempt) {
                diagnostics.warning(nopreemptAt, label + ": nopreempt does not work with state MASTER; cleared");
                nopreempt = false;
            }
            if (!preemptDelay.isZero()) {
                diagnostics.warning(preemptDelayAt, label + ": preempt_delay does not work with state MASTER; cleared");
                preemptDelay = Duration.ZERO;
            }
        }
        if (!preemptDelay.isZero() && global.vrrpStrict()) {
            diagnostics.warning(preemptDelayAt, label + ": vrrp_strict does not allow preempt_delay; cleared");
            preemptDelay = Duration.ZERO;
        }
        if (!preemptDelay.isZero() && nopreempt) {
            diagnostics.warning(preemptDelayAt, label + ": preempt_delay does not work with nopreempt; cleared");
            preemptDelay = Duration.ZERO;
        }
        if (downTimerAdverts != VrrpInstanceConfig.DEFAULT_DOWN_TIMER_ADVERTS && global.vrrpStrict()) {
            diagnostics.warning(downTimerAt, label + ": vrrp_strict does not allow down_timer_adverts; set to 3");
            downTimerAdverts = VrrpInstanceConfig.DEFAULT_DOWN_TIMER_ADVERTS;
        }
        // keepalived accepts traffic to the VIPs unless strict (RFC 9568 6.1 Accept_Mode defaults to
        // false), where only the owner does.
        if (accept == null) accept = owner || !global.vrrpStrict();

        boolean newErrors = diagnostics.all().subList(errorCount, diagnostics.all().size()).stream()
                .anyMatch(io.keepwatch.config.Diagnostic::isError);
        if (newErrors || interfaceName == null || vrid == null) {
            return Optional.empty();
        }
        var config = new VrrpInstanceConfig(name, state, interfaceName, vrid, priority, advert, version, family, auth,
                vips, evips, unicastSrc, peers, mcastSrc, nopreempt, preemptDelay,
                new GarpSettings(garpDelay, garpRepeat, garpRefresh, garpRefreshRepeat, garpInterval, gnaInterval),
                accept, trackInterfaces, trackScripts, notify[0], smtpAlert, downTimerAdverts, dontTrackPrimary);
        return Optional.of(new Bound(config, block.position(), vridAt));
    }

    /**
     * {@code ADDRESS [min_ttl N] [max_ttl N]}, as keepalived reads a unicast_peer line: after the
     * address come option and value pairs only, so a second address on the line is an error
     * rather than a peer that would silently get no adverts.
     */
    private Optional<UnicastPeer> unicastPeer(ConfigNode line, String label) {
        Optional<InetAddress> address = values.hostAddress(line, line.keyword());
        int minTtl = UnicastPeer.DEFAULT_MIN_TTL;
        int maxTtl = UnicastPeer.DEFAULT_MAX_TTL;
        boolean usable = address.isPresent();
        List<String> args = line.arguments();
        for (int i = 0; i < args.size(); i += 2) {
            String option = args.get(i);
            if (!option.equals("min_ttl") && !option.equals("max_ttl")) {
                diagnostics.error(line.position(), label + ": unicast_peer " + line.keyword() + ": '" + option
                        + "' is neither min_ttl nor max_ttl; write each peer on a line of its own");
                return Optional.empty();
            }
            if (i + 1 >= args.size()) {
                diagnostics.error(line.position(), label + ": unicast_peer " + line.keyword() + ": " + option
                        + " needs a value");
                return Optional.empty();
            }
            var ttl = values.integer(new ConfigNode(option, List.of(args.get(i + 1)), List.of(), line.position()), 0, 255);
            if (ttl.isEmpty()) {
                usable = false;
            } else if (option.equals("min_ttl")) {
                minTtl = ttl.getAsInt();
            } else {
                maxTtl = ttl.getAsInt();
            }
        }
        if (minTtl > maxTtl) {
            diagnostics.error(line.position(), label + ": unicast_peer " + line.keyword() + ": min_ttl " + minTtl
                    + " is above max_ttl " + maxTtl + "; every advert from it would be dropped");
            return Optional.empty();
        }
        return usable ? Optional.of(new UnicastPeer(address.get(), minTtl, maxTtl)) : Optional.empty();
    }

    private void sameFamily(String label, String keyword, Optional<InetAddress> address, SourcePosition at,
                            IpFamily family) {
        address.filter(a -> IpFamily.of(a) != family).ifPresent(a -> diagnostics.error(at, label + ": "
                + keyword + " " + AddressText.of(a) + " is not " + family.label() + " like the virtual addresses"));
    }

    /** v2 carries whole seconds 1..255 (RFC 3768 5.3.7), v3 centiseconds 1..4095 (RFC 9568 5.2.7). */
    private Duration roundAdvert(String label, Duration advert, VrrpVersion version, SourcePosition at) {
        long nanos = advert.toNanos();
        long unit = version == VrrpVersion.V2 ? SECOND_NANOS : CENTI_NANOS;
        long maxUnits = version == VrrpVersion.V2 ? 255 : 4095;
        long units = (nanos + unit / 2) / unit;
        if (units * unit == nanos && units <= maxUnits) return advert;
        units = Math.max(1, Math.min(maxUnits, units));
        Duration fixed = Duration.ofNanos(units * unit);
        diagnostics.warning(at, label + ": advert_int " + seconds(advert) + " is not "
                + (version == VrrpVersion.V2 ? "a whole number of seconds 1..255 in VRRP version 2"
                        : "a multiple of 10 ms in 0.01..40.95 in VRRP version 3")
                + "; using " + seconds(fixed));
        return fixed;
    }

    static String seconds(Duration d) {
        return new java.math.BigDecimal(d.toNanos()).movePointLeft(9).stripTrailingZeros().toPlainString();
    }

}
