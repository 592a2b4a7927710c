package io.keepwatch.config.bind;

import io.keepwatch.config.diagnostic.Diagnostic;
import io.keepwatch.config.diagnostic.Diagnostics;
import io.keepwatch.config.model.AddressText;
import io.keepwatch.config.model.AdvertOptions;
import io.keepwatch.config.model.AuthHmacConfig;
import io.keepwatch.config.model.AuthenticationConfig;
import io.keepwatch.config.model.GarpConfig;
import io.keepwatch.config.model.GlobalDefs;
import io.keepwatch.config.model.NotifyConflict;
import io.keepwatch.config.model.InitialState;
import io.keepwatch.config.model.NotifyOptions;
import io.keepwatch.config.model.NotifyScripts;
import io.keepwatch.config.model.TrackedInterface;
import io.keepwatch.config.model.TrackedScript;
import io.keepwatch.config.model.UnicastPeer;
import io.keepwatch.config.model.VirtualIpAddress;
import io.keepwatch.config.model.VmacConfig;
import io.keepwatch.config.model.SplitBrainHeal;
import io.keepwatch.config.model.VrrpInstanceConfig;
import io.keepwatch.plugin.api.ConfigNode;
import io.keepwatch.plugin.api.SourcePosition;
import io.keepwatch.vrrp.AddressFamily;
import io.keepwatch.vrrp.VrrpVersion;
import io.keepwatch.vrrp.codec.AuthType;
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
    private final ObjectTracking objects;
    private final GlobalDefs global;
    private final AuthenticationBinder authenticationBinder;
    private final VirtualAddressBinder vipBinder;
    private final VmacBinder vmacBinder;
    private final NotifyOptionsBinder notifyOptionsBinder;
    private final NotifyConflictBinder notifyConflictBinder;
    private final WitnessUseBinder witnessBinder;

    VrrpInstanceBinder(Values values, Tracking tracking, ObjectTracking objects, GlobalDefs global) {
        this.objects = objects;
        this.authenticationBinder = new AuthenticationBinder(values);
        this.vipBinder = new VirtualAddressBinder(values);
        this.vmacBinder = new VmacBinder(values.diagnostics());
        this.notifyOptionsBinder = new NotifyOptionsBinder(values);
        this.notifyConflictBinder = new NotifyConflictBinder(values);
        this.witnessBinder = new WitnessUseBinder(values);
        this.values = values;
        this.diagnostics = values.diagnostics();
        this.tracking = tracking;
        this.global = global;
    }

    Optional<Bound> bind(ConfigNode block) {
        String name = block.arguments().getFirst(); // blocks without a name were reported and left out
        String label = "vrrp_instance " + name;
        int errorCount = diagnostics.all().size();

        Written w = readKeywords(block, label);
        requireKeywords(block, label, w.witness.use.elects());
        if (w.witness.use.elects()) {
            WitnessUseBinder.warnVrrpOnly(diagnostics, block, label);
            dropVrrpOnly(w);
        }
        AddressFamily family = checkFamily(w, label);
        deriveDefaults(w, label, family, block.position());
        fixConflicts(w, label);
        w.advertOptions = w.advertKeywords.build(label, !w.peers.isEmpty(), family);

        boolean newErrors = diagnostics.all().subList(errorCount, diagnostics.all().size()).stream()
                .anyMatch(Diagnostic::isError);
        if (newErrors || w.interfaceName == null || w.vrid == null) {
            return Optional.empty();
        }
        VmacConfig vmac = vmacBinder.complete(w.vmac, label, !w.peers.isEmpty(), global.vrrpStrict(), block.position(),
                family);
        if (w.witness.use.elects()) {
            vmac = new VmacConfig(false, Optional.empty(), Optional.empty(), false, vmac.useVmacAddr(), vmac.ipvlan());
        }
        return Optional.of(new Bound(build(w, name, family, vmac), block.position(), w.vridAt));
    }

    /**
     * What the block says, keyword by keyword, with the lines later steps point at; null where a
     * keyword was not written and keepalived derives the value.
     */
    private static final class Written {
        InitialState state;
        String interfaceName;
        Integer vrid;
        SourcePosition vridAt;
        Integer priority;
        Duration advert;
        SourcePosition advertAt;
        VrrpVersion version;
        SourcePosition versionAt;
        AuthenticationConfig auth = AuthenticationConfig.NONE;
        SourcePosition authAt;
        AuthHmacBinder.Read authHmacRead;
        Optional<AuthHmacConfig> authHmac = Optional.empty();
        final List<VirtualIpAddress> vips = new ArrayList<>();
        final List<SourcePosition> vipAt = new ArrayList<>();
        final List<VirtualIpAddress> evips = new ArrayList<>();
        Optional<InetAddress> unicastSrc = Optional.empty();
        SourcePosition unicastSrcAt;
        final List<UnicastPeer> peers = new ArrayList<>();
        final List<SourcePosition> peerAt = new ArrayList<>();
        Optional<InetAddress> mcastSrc = Optional.empty();
        SourcePosition mcastSrcAt;
        boolean nopreempt;
        SourcePosition nopreemptAt;
        Duration preemptDelay = Duration.ZERO;
        SourcePosition preemptDelayAt;
        Duration garpDelay, garpRefresh, garpInterval, gnaInterval;
        int garpRepeat, garpRefreshRepeat;
        /** garp_lower_prio_*: null until written, then keepalived's instance default applies. */
        Duration garpLowerPrioDelay;
        Integer garpLowerPrioRepeat;
        SourcePosition garpLowerPrioAt;
        Optional<GarpConfig.GarpExtraIf> garpExtraIf;
        final AdvertKeywords advertKeywords;
        AdvertOptions advertOptions;
        boolean strict;
        Boolean accept;
        final List<TrackedInterface> trackInterfaces = new ArrayList<>();
        final List<TrackedScript> trackScripts = new ArrayList<>();
        final NotifyScripts[] notify = {NotifyScripts.NONE};
        boolean smtpAlert;
        int downTimerAdverts;
        SourcePosition downTimerAt;
        boolean dontTrackPrimary;
        final VmacBinder.Written vmac = new VmacBinder.Written();
        final InterfaceOptionsBinder.Written interfaceOptions = new InterfaceOptionsBinder.Written();
        final WitnessUseBinder.Written witness = new WitnessUseBinder.Written();
        NotifyOptions notifyOptions = NotifyOptions.DEFAULTS;
        NotifyConflict notifyConflict = NotifyConflict.NONE;
        final List<ConfigNode> routing = new ArrayList<>();
        ObjectTracking.Reader tracked;
        SplitBrainHeal splitBrainHeal;
        /** Derived: priority 255, the address owner (RFC 9568 6.1). */
        boolean owner;

        /** Positions default to the block's line; GARP and smtp_alert start from global_defs. */
        Written(SourcePosition at, GlobalDefs global, AdvertKeywords advertKeywords) {
            this.advertKeywords = advertKeywords;
            downTimerAdverts = global.advertGlobals().downTimerAdverts();
            garpExtraIf = global.garp().extraIf();
            vridAt = advertAt = versionAt = authAt = unicastSrcAt = mcastSrcAt = nopreemptAt = preemptDelayAt =
                    garpLowerPrioAt =
                    downTimerAt = at;
            GarpConfig g = global.garp();
            garpDelay = g.masterDelay();
            garpRefresh = g.masterRefresh();
            garpInterval = g.interval();
            gnaInterval = g.gnaInterval();
            garpRepeat = g.masterRepeat();
            garpRefreshRepeat = g.masterRefreshRepeat();
            smtpAlert = global.smtpAlert();
            splitBrainHeal = global.splitBrainHeal();
        }
    }

    private Written readKeywords(ConfigNode block, String label) {
        Written w = new Written(block.position(), global, new AdvertKeywords(values, global));
        w.tracked = objects.reader(label, true);
        for (ConfigNode n : block.children()) {
            if (tracking.notify(n, w.notify)) continue;
            if (VmacBinder.INSTANCE_KEYWORDS.contains(n.keyword())) { vmacBinder.read(n, w.vmac, label); continue; }
            if (InterfaceOptionsBinder.INSTANCE_KEYWORDS.contains(n.keyword())) {
                InterfaceOptionsBinder.read(n, w.interfaceOptions, label, diagnostics);
                continue;
            }
            if (w.tracked.read(n)) continue;
            if (WitnessUseBinder.KEYWORDS.contains(n.keyword())) { witnessBinder.read(n, w.witness, label); continue; }
            if (w.advertKeywords.read(n, label)) continue;
            switch (n.keyword()) {
                case "state" -> {
                    var word = values.word(n);
                    if (word.isPresent()) {
                        switch (word.get()) {
                            case "MASTER" -> w.state = InitialState.MASTER;
                            case "BACKUP" -> w.state = InitialState.BACKUP;
                            default -> diagnostics.error(n.position(), "state '" + word.get() + "' is neither MASTER nor BACKUP");
                        }
                    }
                }
                case "interface" -> w.interfaceName = values.word(n).orElse(w.interfaceName);
                case "virtual_router_id" -> {
                    var v = values.integer(n, 1, 255);
                    if (v.isPresent()) {
                        w.vrid = v.getAsInt();
                        w.vridAt = n.position();
                    }
                }
                case "priority" -> {
                    var v = values.integer(n, 1, 255);
                    if (v.isPresent()) w.priority = v.getAsInt();
                }
                case "advert_int" -> {
                    var d = values.seconds(n, 255);
                    if (d.isPresent()) {
                        if (d.get().isZero()) {
                            diagnostics.error(n.position(), "advert_int must be more than 0");
                        } else {
                            w.advert = d.get();
                            w.advertAt = n.position();
                        }
                    }
                }
                case "version" -> {
                    var v = values.integer(n, 2, 3);
                    if (v.isPresent()) {
                        w.version = v.getAsInt() == 2 ? VrrpVersion.V2 : VrrpVersion.V3;
                        w.versionAt = n.position();
                    }
                }
                case "authentication" -> {
                    w.auth = authenticationBinder.bind(n, label);
                    w.authAt = n.position();
                }
                case "auth_hmac" -> w.authHmacRead = new AuthHmacBinder(values).read(n, label);
                case "virtual_ipaddress" -> {
                    for (ConfigNode line : values.block(n)) {
                        vipBinder.bind(line).ifPresent(v -> {
                            w.vips.add(v);
                            w.vipAt.add(line.position());
                        });
                    }
                }
                case "virtual_ipaddress_excluded" -> {
                    for (ConfigNode line : values.block(n)) vipBinder.bind(line).ifPresent(w.evips::add);
                }
                case "unicast_src_ip" -> {
                    w.unicastSrc = values.word(n).flatMap(t -> values.hostAddress(n, t));
                    w.unicastSrcAt = n.position();
                }
                case "unicast_peer" -> {
                    for (ConfigNode line : values.block(n)) {
                        unicastPeer(line, label).ifPresent(p -> {
                            if (p.limitsTtl()) w.advertKeywords.peerLimitsTtl();
                            w.peers.add(p);
                            w.peerAt.add(line.position());
                        });
                    }
                }
                case "mcast_src_ip" -> {
                    w.mcastSrc = values.word(n).flatMap(t -> values.hostAddress(n, t));
                    w.mcastSrcAt = n.position();
                }
                case "nopreempt" -> {
                    w.nopreempt = true;
                    w.nopreemptAt = n.position();
                }
                case "preempt" -> w.nopreempt = false;
                case "preempt_delay" -> {
                    var d = values.seconds(n, 1000);
                    if (d.isPresent()) {
                        w.preemptDelay = d.get();
                        w.preemptDelayAt = n.position();
                    }
                }
                case "garp_master_delay" -> {
                    var v = values.integer(n, 0, 1000);
                    if (v.isPresent()) w.garpDelay = Duration.ofSeconds(v.getAsInt());
                }
                case "garp_master_repeat" -> {
                    var v = values.integer(n, 1, 1000);
                    if (v.isPresent()) w.garpRepeat = v.getAsInt();
                }
                case "garp_master_refresh" -> {
                    var v = values.integer(n, 0, 1_000_000);
                    if (v.isPresent()) w.garpRefresh = Duration.ofSeconds(v.getAsInt());
                }
                case "garp_master_refresh_repeat" -> {
                    var v = values.integer(n, 1, 1000);
                    if (v.isPresent()) w.garpRefreshRepeat = v.getAsInt();
                }
                case "garp_lower_prio_delay" -> {
                    var v = values.integer(n, 0, 1_000_000);
                    if (v.isPresent()) {
                        w.garpLowerPrioDelay = Duration.ofSeconds(v.getAsInt());
                        w.garpLowerPrioAt = n.position();
                    }
                }
                case "garp_lower_prio_repeat" -> {
                    var v = values.integer(n, 0, Integer.MAX_VALUE);
                    if (v.isPresent()) {
                        w.garpLowerPrioRepeat = v.getAsInt();
                        w.garpLowerPrioAt = n.position();
                    }
                }
                case "garp_extra_if", "vmac_garp_intvl" -> GarpKeywords.extraIf(values, n, label + ": ")
                        .ifPresent(e -> w.garpExtraIf = e);
                case "garp_interval" -> w.garpInterval = values.seconds(n, 1000).orElse(w.garpInterval);
                case "gna_interval" -> w.gnaInterval = values.seconds(n, 1000).orElse(w.gnaInterval);
                case "accept" -> w.accept = true;
                case "no_accept" -> w.accept = false;
                case "track_interface" -> w.trackInterfaces.addAll(tracking.interfaces(n));
                case "track_script" -> w.trackScripts.addAll(tracking.scripts(n));
                case "smtp_alert" -> w.smtpAlert = values.flag(n).orElse(w.smtpAlert);
                case "down_timer_adverts" -> {
                    var v = values.integer(n, 1, 100);
                    if (v.isPresent()) {
                        w.downTimerAdverts = v.getAsInt();
                        w.downTimerAt = n.position();
                    }
                }
                case "dont_track_primary" -> w.dontTrackPrimary = true;
                case "debug" -> values.integer(n, 0, 4); // keepalived 2.2.7 checks the level and only shows it in its dump
                case String k when NotifyOptionsBinder.KEYWORDS.contains(k) ->
                        w.notifyOptions = notifyOptionsBinder.instance(n, w.notifyOptions, label);
                case "virtual_routes", "virtual_rules" -> w.routing.add(n);
                case String k when SplitBrainHealBinder.KEYWORDS.contains(k) ->
                        w.splitBrainHeal = new SplitBrainHealBinder(values).read(n, w.splitBrainHeal);
                case NotifyConflictBinder.KEYWORD -> w.notifyConflict = notifyConflictBinder.instance(n, w.notifyConflict);
                default -> OutOfScope.warn(diagnostics, n, " in " + label);
            }
        }
        return w;
    }

    /**
     * An election instance's values for {@link WitnessUseBinder#VRRP_ONLY} go back to what an unwritten
     * keyword gives (no VRID, 1 s, the derived version): the mode cannot use them (WitnessUse).
     */
    private static void dropVrrpOnly(Written w) {
        w.vrid = 0;
        w.advert = null;
        w.version = null;
        w.auth = AuthenticationConfig.NONE;
        w.authHmacRead = null;
        w.unicastSrc = Optional.empty();
        w.peers.clear();
        w.peerAt.clear();
        w.mcastSrc = Optional.empty();
    }

    private void requireKeywords(ConfigNode block, String label, boolean elected) {
        if (block.child("interface").isEmpty()) diagnostics.error(block.position(), label + " has no interface");
        if (block.child("virtual_router_id").isEmpty() && !elected) {
            diagnostics.error(block.position(), label + " has no virtual_router_id");
        }
    }

    /**
     * The first virtual address sets the family; keepalived refuses the others (RFC 9568 5.2.9: an
     * advert carries addresses of one family only), and the source and peer addresses must match it.
     */
    private AddressFamily checkFamily(Written w, String label) {
        AddressFamily family = w.vips.isEmpty() ? AddressFamily.IPV4 : w.vips.getFirst().family();
        SourcePosition nativeIpv6 = w.advertKeywords.nativeIpv6();
        if (nativeIpv6 != null) {
            // keepalived: native_ipv6 makes an instance IPv6 (and so VRRPv3) whatever it has
            if (family == AddressFamily.IPV4 && !w.vips.isEmpty()) {
                diagnostics.error(nativeIpv6, label + ": native_ipv6 with IPv4 virtual addresses");
            }
            family = AddressFamily.IPV6;
        }
        for (int i = 1; i < w.vips.size(); i++) {
            if (w.vips.get(i).family() != family) {
                diagnostics.error(w.vipAt.get(i), label + ": " + w.vips.get(i).family().label() + " address "
                        + AddressText.of(w.vips.get(i).address()) + " among " + family.label() + " addresses");
            }
        }
        sameFamily(label, "unicast_src_ip", w.unicastSrc, w.unicastSrcAt, family);
        sameFamily(label, "mcast_src_ip", w.mcastSrc, w.mcastSrcAt, family);
        for (int i = 0; i < w.peers.size(); i++) {
            sameFamily(label, "unicast_peer", Optional.of(w.peers.get(i).address()), w.peerAt.get(i), family);
        }
        return family;
    }

    /** Version, priority and state as keepalived derives them when they are not written. */
    private void deriveDefaults(Written w, String label, AddressFamily family, SourcePosition blockAt) {
        w.strict = w.advertKeywords.strict();
        // VRRPv2 is IPv4 only (RFC 3768 1); IPv6 needs v3 (RFC 9568 1).
        if (w.version == null) {
            w.version = family == AddressFamily.IPV6 ? VrrpVersion.V3 : global.vrrpVersion();
        } else if (w.version == VrrpVersion.V2 && family == AddressFamily.IPV6) {
            diagnostics.error(w.versionAt, label + ": IPv6 addresses need VRRP version 3");
        }

        // keepalived: an unset priority follows the state, an unset state follows the priority.
        if (w.priority == null) {
            w.priority = w.state == InitialState.MASTER ? VrrpInstanceConfig.OWNER_PRIORITY
                    : VrrpInstanceConfig.DEFAULT_PRIORITY;
        }
        w.owner = w.priority == VrrpInstanceConfig.OWNER_PRIORITY;
        if (w.state == null) {
            w.state = w.owner ? InitialState.MASTER : InitialState.BACKUP;
        } else if (w.strict && (w.state == InitialState.MASTER) != w.owner) {
            // RFC 9568 6.4.1: only the address owner (priority 255) starts as master.
            diagnostics.warning(blockAt, label + ": vrrp_strict: state MASTER needs priority 255 and"
                    + " priority 255 needs state MASTER; state set to " + (w.owner ? "MASTER" : "BACKUP"));
            w.state = w.owner ? InitialState.MASTER : InitialState.BACKUP;
        }
    }

    /** Settings that cannot work together are cleared or changed, each with a warning, as keepalived does. */
    private void fixConflicts(Written w, String label) {
        if (w.auth.type() != AuthType.NONE) {
            if (w.strict) {
                diagnostics.warning(w.authAt, label + ": vrrp_strict does not allow authentication; ignored");
                w.auth = AuthenticationConfig.NONE;
            } else if (w.version == VrrpVersion.V3) {
                // RFC 5798 removed the authentication of RFC 3768.
                diagnostics.warning(w.authAt, label + ": VRRP version 3 has no authentication; ignored");
                w.auth = AuthenticationConfig.NONE;
            } else if (w.auth.type() == AuthType.AH && w.state == InitialState.MASTER && !w.owner) {
                // keepalived: a backup learns the AH sequence number from the master's adverts
                // before it may take over, so it starts as BACKUP.
                diagnostics.warning(w.authAt, label + ": auth_type AH does not work with state MASTER below"
                        + " priority 255; state set to BACKUP");
                w.state = InitialState.BACKUP;
            }
        }

        if (w.advert == null) {
            w.advert = Duration.ofSeconds(1);
        } else {
            w.advert = roundAdvert(label, w.advert, w.version, w.advertAt);
        }

        if (w.authHmacRead != null) {
            if (w.auth.type() != AuthType.NONE) {
                diagnostics.warning(w.authAt, label + ": auth_hmac replaces authentication; authentication ignored");
                w.auth = AuthenticationConfig.NONE;
            }
            w.authHmac = new AuthHmacBinder(values).finish(w.authHmacRead, label, w.advert, w.strict);
        }

        if (w.owner && w.nopreempt) {
            diagnostics.warning(w.nopreemptAt, label + ": nopreempt does not apply to priority 255; cleared");
            w.nopreempt = false;
        }
        if (w.state == InitialState.MASTER) {
            if (w.nopreempt) {
                diagnostics.warning(w.nopreemptAt, label + ": nopreempt does not work with state MASTER; cleared");
                w.nopreempt = false;
            }
            if (!w.preemptDelay.isZero()) {
                diagnostics.warning(w.preemptDelayAt, label + ": preempt_delay does not work with state MASTER; cleared");
                w.preemptDelay = Duration.ZERO;
            }
        }
        if (!w.preemptDelay.isZero() && w.strict) {
            diagnostics.warning(w.preemptDelayAt, label + ": vrrp_strict does not allow preempt_delay; cleared");
            w.preemptDelay = Duration.ZERO;
        }
        if (!w.preemptDelay.isZero() && w.nopreempt) {
            diagnostics.warning(w.preemptDelayAt, label + ": preempt_delay does not work with nopreempt; cleared");
            w.preemptDelay = Duration.ZERO;
        }
        if (w.downTimerAdverts != VrrpInstanceConfig.DEFAULT_DOWN_TIMER_ADVERTS && w.strict) {
            diagnostics.warning(w.downTimerAt, label + ": vrrp_strict does not allow down_timer_adverts; set to 3");
            w.downTimerAdverts = VrrpInstanceConfig.DEFAULT_DOWN_TIMER_ADVERTS;
        }
        // keepalived accepts traffic to the VIPs unless strict (RFC 9568 6.1 Accept_Mode defaults to
        // false), where only the owner does.
        if (w.accept == null) w.accept = w.owner || !w.strict;
        garpLowerPrio(w, label);
    }

    /**
     * keepalived: an unwritten garp_lower_prio_* takes the global value, or 0 in strict mode, which
     * allows none (RFC 9568 has a master ignore lower priority adverts).
     */
    private void garpLowerPrio(Written w, String label) {
        GarpConfig g = global.garp();
        if (w.garpLowerPrioRepeat == null) {
            w.garpLowerPrioRepeat = w.strict ? 0 : g.lowerPrioRepeat();
        }
        if (w.garpLowerPrioDelay == null) {
            w.garpLowerPrioDelay = w.strict ? Duration.ZERO : g.lowerPrioDelay();
        }
        if (w.strict && (w.garpLowerPrioRepeat != 0 || w.garpLowerPrioDelay.isPositive())) {
            diagnostics.warning(w.garpLowerPrioAt, label + ": strict mode does not allow garp_lower_prio_delay"
                    + " or garp_lower_prio_repeat; cleared");
            w.garpLowerPrioRepeat = 0;
            w.garpLowerPrioDelay = Duration.ZERO;
        }
    }

    private VrrpInstanceConfig build(Written w, String name, AddressFamily family, VmacConfig vmac) {
        return new VrrpInstanceConfig(name, w.state, w.interfaceName, w.vrid, w.priority, w.advert, w.version, family,
                w.auth, w.vips, w.evips, w.unicastSrc, w.peers, w.mcastSrc, w.nopreempt, w.preemptDelay,
                new GarpConfig(w.garpDelay, w.garpRepeat, w.garpRefresh, w.garpRefreshRepeat, w.garpInterval,
                        w.gnaInterval, w.garpLowerPrioDelay, w.garpLowerPrioRepeat, w.garpExtraIf),
                w.accept, w.trackInterfaces, w.trackScripts, w.notify[0], w.smtpAlert, w.downTimerAdverts,
                w.dontTrackPrimary, vmac, w.notifyOptions,
                values.routing().virtualRouting(w.routing, values), w.tracked.build(), w.advertOptions, w.splitBrainHeal,
                w.notifyConflict, w.interfaceOptions.build(), w.witness.use,
                w.authHmac);
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
                            AddressFamily family) {
        address.filter(a -> AddressFamily.of(a) != family).ifPresent(a -> diagnostics.error(at, label + ": "
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
